package io.telcred.rtpengine;

import io.telcred.call.MediaProfile;
import io.telcred.call.MediaRelay;
import io.telcred.crypto.RandomStrings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rtpengine as the media relay, over its ng control protocol (a cookie and a bencoded dictionary
 * per UDP datagram). Toward a browser it forces ICE and DTLS-SRTP with RTCP multiplexed; toward a
 * phone it removes ICE and offers plain RTP/AVP. Each call goes to one instance, chosen by its id,
 * so that its offer, answer and delete meet the same relay. A command is sent twice within the
 * timeout, as datagrams get lost; rtpengine answers a repeated cookie from its cache.
 */
public final class RtpEngineRelay implements MediaRelay {

    private static final String CALLER_TAG = "caller";
    private static final String CALLEE_TAG = "callee";

    private final List<InetSocketAddress> instances;
    private final int timeoutMillis;

    public RtpEngineRelay(RtpEngineSettings settings) {
        this.instances = settings.instances().stream()
                .map(a -> new InetSocketAddress(a.getHostString(), a.getPort())).toList();
        this.timeoutMillis = (int) settings.timeout().toMillis();
    }

    @Override
    public String offer(String callId, String sdp, MediaProfile to) {
        return rewrite("offer", callId, sdp, to);
    }

    @Override
    public String answer(String callId, String sdp, MediaProfile to) {
        return rewrite("answer", callId, sdp, to);
    }

    private String rewrite(String name, String callId, String sdp, MediaProfile to) {
        Map<String, Object> command = towards(to);
        command.put("command", name);
        command.put("call-id", callId);
        command.put("from-tag", CALLER_TAG);
        if (name.equals("answer")) {
            command.put("to-tag", CALLEE_TAG);
        }
        command.put("sdp", sdp);
        return sdpOf(send(callId, command));
    }

    @Override
    public void delete(String callId) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "delete");
        command.put("call-id", callId);
        command.put("from-tag", CALLER_TAG);
        send(callId, command);
    }

    /** Whether the instance a call would use answers a ping now. */
    public boolean reachable() {
        Map<String, Object> ping = new LinkedHashMap<>();
        ping.put("command", "ping");
        try {
            return "pong".equals(send("ping", ping).get("result"));
        } catch (RelayException e) {
            return false;
        }
    }

    /** The flags that make an SDP right for the side that receives it. */
    private static Map<String, Object> towards(MediaProfile to) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("replace", List.of("origin", "session-connection"));
        if (to == MediaProfile.WEBRTC) {
            command.put("ICE", "force");
            command.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
            command.put("rtcp-mux", List.of("offer", "require"));
            command.put("SDES", List.of("off"));
            command.put("flags", List.of("trust-address", "generate-mid"));
        } else {
            command.put("ICE", "remove");
            command.put("transport-protocol", "RTP/AVP");
            command.put("rtcp-mux", List.of("demux"));
            command.put("flags", List.of("trust-address"));
        }
        return command;
    }

    private Map<?, ?> send(String callId, Map<String, Object> command) {
        InetSocketAddress target = instances.get(Math.floorMod(callId.hashCode(), instances.size()));
        String cookie = RandomStrings.hexLower(12);
        byte[] body = Bencode.encode(command);
        byte[] datagram = new byte[cookie.length() + 1 + body.length];
        System.arraycopy((cookie + " ").getBytes(StandardCharsets.US_ASCII), 0, datagram, 0, cookie.length() + 1);
        System.arraycopy(body, 0, datagram, cookie.length() + 1, body.length);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            socket.setSoTimeout(Math.max(1, timeoutMillis / 2));
            for (int attempt = 0; attempt < 2; attempt++) {
                socket.send(new DatagramPacket(datagram, datagram.length));
                Map<?, ?> reply = receive(socket, cookie);
                if (reply != null) {
                    if ("error".equals(reply.get("result"))) {
                        throw new RelayException("rtpengine " + target + " refused " + command.get("command") + ": "
                                + reply.get("error-reason"));
                    }
                    return reply;
                }
            }
        } catch (IOException e) {
            throw new RelayException("rtpengine " + target + " cannot be reached: " + e.getMessage());
        }
        throw new RelayException("rtpengine " + target + " did not answer " + command.get("command") + " within "
                + timeoutMillis + " ms");
    }

    /** The reply with our cookie, or null when none came in time; replies to earlier commands are skipped. */
    private static Map<?, ?> receive(DatagramSocket socket, String cookie) throws IOException {
        byte[] buffer = new byte[65_535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String head = new String(buffer, 0, Math.min(packet.getLength(), cookie.length() + 1), StandardCharsets.US_ASCII);
            if (!head.equals(cookie + " ")) {
                continue;
            }
            byte[] reply = Arrays.copyOf(buffer, packet.getLength());
            try {
                Object decoded = Bencode.decode(reply, cookie.length() + 1);
                if (decoded instanceof Map<?, ?> map) {
                    return map;
                }
            } catch (IllegalArgumentException e) {
                throw new RelayException("rtpengine answered with a malformed reply: " + e.getMessage());
            }
            throw new RelayException("rtpengine answered with something other than a dictionary");
        }
    }

    private static String sdpOf(Map<?, ?> reply) {
        Object sdp = reply.get("sdp");
        if (!(sdp instanceof String text)) {
            throw new RelayException("rtpengine answered without an SDP");
        }
        return text;
    }
}
