package io.telcred.sip;

import io.telcred.sip.SipTestClient.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** The requests of a call as a test phone writes them: an INVITE with an offer, the ACK of a failure, a request inside the dialog. */
public final class SipCallTexts {

    /** A plain RTP offer, as a SIP phone without ICE sends it. */
    public static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";

    private SipCallTexts() {
    }

    /** An INVITE from {@code fromUser} (tag {@code alicetag}) to {@code toUser}, with Proxy-Authorization when given. */
    public static String invite(SipTestClient caller, String domain, String callId, int cseq, String fromUser, String toUser,
                                String authorization) {
        return invite(caller, domain, callId, cseq, fromUser, toUser, authorization, SDP);
    }

    /** As {@link #invite(SipTestClient, String, String, int, String, String, String)}, offering {@code sdp}. */
    public static String invite(SipTestClient caller, String domain, String callId, int cseq, String fromUser, String toUser,
                                String authorization, String sdp) {
        return "INVITE sip:" + toUser + "@" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";rport;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + fromUser + "@" + domain + ">;tag=alicetag\r\n"
                + "To: <sip:" + toUser + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: " + caller.contact(fromUser) + "\r\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    /** The ACK of a non-2xx final answer: hop by hop, same branch as the INVITE. */
    public static String ackOf(Message answer, String callId, int cseq) {
        return "ACK " + answer.header("To").replaceAll(".*<([^>]*)>.*", "$1") + " SIP/2.0\r\n"
                + "Via: " + answer.header("Via") + "\r\nMax-Forwards: 70\r\nFrom: " + answer.header("From") + "\r\n"
                + "To: " + answer.header("To") + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n";
    }

    /** The entries of Record-Route headers, one each, in the order the callee keeps them as its route set. */
    public static List<String> routeSet(List<String> recordRoute) {
        List<String> entries = new ArrayList<>();
        recordRoute.forEach(rr -> entries.addAll(List.of(rr.split(",\\s*(?=<)"))));
        return entries;
    }

    /** The route set of the caller: the Record-Route of the answer, reversed. */
    public static List<String> callerRouteSet(List<String> recordRoute) {
        List<String> entries = routeSet(recordRoute);
        Collections.reverse(entries);
        return entries;
    }

    /** A request inside a dialog from {@code sender}, to {@code requestUri} along {@code routes}. */
    public static String inDialog(String method, String requestUri, SipTestClient sender, List<String> routes, String domain,
                                  String fromUser, String fromTag, String toUser, String toTag, String callId, int cseq) {
        StringBuilder text = new StringBuilder(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(sender.port()).append(";rport;branch=z9hG4bK")
                .append(UUID.randomUUID()).append("\r\n");
        routes.forEach(route -> text.append("Route: ").append(route).append("\r\n"));
        return text.append("Max-Forwards: 70\r\nFrom: <sip:").append(fromUser).append('@').append(domain).append(">;tag=")
                .append(fromTag).append("\r\nTo: <sip:").append(toUser).append('@').append(domain).append(">;tag=").append(toTag)
                .append("\r\nCall-ID: ").append(callId).append("\r\nCSeq: ").append(cseq).append(' ').append(method)
                .append("\r\nContent-Length: 0\r\n\r\n").toString();
    }
}
