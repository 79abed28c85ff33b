package io.telcred.sip.b2bua;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Third-party call control without a media server (RFC 3725). A device dialled with no other party
 * yet gets an INVITE without SDP and offers in its 200. Nobody can answer that offer yet, so the
 * ACK answers it with a session that holds the media: every offered stream kept, inactive, at no
 * address (the "black hole" of flow IV). A later bridge re-INVITEs the device with the other
 * party's offer, and the device's answer is the other party's answer: one offer and one answer
 * more on each side, and the media then flows between the two devices.
 */
final class DelayedOffer {

    private DelayedOffer() {
    }

    /**
     * The holding answer to {@code offer}: its media lines in order, each with the offer's first
     * format (and that format's rtpmap and fmtp), port 9 (port 0 for a stream the offer turned
     * off), and {@code a=inactive}, under a connection address of 0.0.0.0.
     */
    static String holdAnswer(String offer) {
        StringBuilder answer = new StringBuilder("v=0\r\no=telcred ")
                .append(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
                .append(" 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n");
        String[] sections = offer.split("(?m)^(?=m=)");
        for (int i = 1; i < sections.length; i++) {
            String[] lines = sections[i].split("\r?\n");
            String[] media = lines[0].trim().split(" +");
            String format = media.length > 3 ? media[3] : "0";
            String port = media.length > 1 && media[1].equals("0") ? "0" : "9";
            String proto = media.length > 2 ? media[2] : "RTP/AVP";
            answer.append(media[0]).append(' ').append(port).append(' ').append(proto).append(' ').append(format)
                    .append("\r\n");
            for (String line : lines) {
                if (line.startsWith("a=rtpmap:" + format + " ") || line.startsWith("a=fmtp:" + format + " ")) {
                    answer.append(line.strip()).append("\r\n");
                }
            }
            answer.append("a=inactive\r\n");
        }
        return answer.toString();
    }
}
