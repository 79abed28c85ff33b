package io.telcred.sip;

import io.telcred.crypto.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small SIP user agent over UDP for tests: writes requests as text, reads responses and requests,
 * and answers digest challenges the way a phone does. Its own parsing is deliberately separate from
 * telcred's codec, so the two check each other.
 */
public final class SipTestClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String realm;
    private int cseq = 1;

    public SipTestClient(int serverPort, String realm) {
        this(serverPort, realm, "127.0.0.1");
    }

    /** A client on another loopback address (127.0.0.2, ...), to play a second source. */
    public SipTestClient(int serverPort, String realm, String localAddress) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
            socket.setSoTimeout(3000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = new InetSocketAddress("127.0.0.1", serverPort);
        this.realm = realm;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String contact(String user) {
        return "<sip:" + user + "@127.0.0.1:" + port() + ">";
    }

    public int nextCseq() {
        return cseq++;
    }

    public void sendRaw(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message from the server, or null within the timeout. */
    public Message receive(int timeoutMillis) {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(packet);
            return Message.parse(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next final response (skipping provisional ones), failing the test after 3 s. */
    public Message finalResponse() {
        while (true) {
            Message m = receive(3000);
            if (m == null) {
                throw new AssertionError("no response from the server");
            }
            if (m.status() >= 200) {
                return m;
            }
        }
    }

    public String register(String user, String callId, int cseqNumber, String contact, String expires, String authorization) {
        StringBuilder request = new StringBuilder()
                .append("REGISTER sip:").append(realm).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";rport;branch=z9hG4bK").append(UUID.randomUUID()).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append('@').append(realm).append(">;tag=").append(UUID.randomUUID().toString(), 0, 8).append("\r\n")
                .append("To: <sip:").append(user).append('@').append(realm).append(">\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseqNumber).append(" REGISTER\r\n");
        if (contact != null) {
            request.append("Contact: ").append(contact).append("\r\n");
        }
        if (expires != null) {
            request.append("Expires: ").append(expires).append("\r\n");
        }
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        request.append("User-Agent: telcred-test\r\nContent-Length: 0\r\n\r\n");
        sendRaw(request.toString());
        return request.toString();
    }

    /** REGISTER, answer the challenge with the password, return the final response. */
    public Message registerWithPassword(String user, String password, String contact, String expires) {
        String callId = UUID.randomUUID().toString();
        register(user, callId, nextCseq(), contact, expires, null);
        Message challenge = finalResponse();
        if (challenge.status() != 401) {
            return challenge;
        }
        register(user, callId, nextCseq(), contact, expires, authorization(challenge, "WWW-Authenticate", "MD5", user, password,
                "REGISTER", "sip:" + realm, "00000001"));
        return finalResponse();
    }

    /** A phone registered as the credential (a REST API credential object), for ten minutes. */
    public static SipTestClient registered(int serverPort, String realm, String user, String password) {
        SipTestClient phone = new SipTestClient(serverPort, realm);
        Message ok = phone.registerWithPassword(user, password, phone.contact(user), "600");
        if (ok.status() != 200) {
            phone.close();
            throw new AssertionError("registration refused: " + ok.text());
        }
        return phone;
    }

    /** REGISTER, then the REGISTER answering its challenge with {@code algorithm}; returns the second request as sent. */
    public String registerAnswering(String user, String password, String algorithm, String contact, String expires) {
        String callId = UUID.randomUUID().toString();
        register(user, callId, nextCseq(), contact, expires, null);
        Message challenge = finalResponse();
        return register(user, callId, nextCseq(), contact, expires, authorization(challenge, "WWW-Authenticate", algorithm,
                user, password, "REGISTER", "sip:" + realm, "00000001"));
    }

    /** Answers a request the server forwarded to us, as a user agent server (RFC 3261 §8.2.6). */
    public void respond(Message request, int status, String reason, String toTag, String extraHeaders) {
        respond(request, status, reason, toTag, extraHeaders, "");
    }

    /** As {@link #respond(Message, int, String, String, String)}, with a body (an SDP, say). */
    public void respond(Message request, int status, String reason, String toTag, String extraHeaders, String body) {
        StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : request.headers("Via")) {
            response.append("Via: ").append(via).append("\r\n");
        }
        for (String rr : request.headers("Record-Route")) {
            response.append("Record-Route: ").append(rr).append("\r\n");
        }
        response.append("From: ").append(request.header("From")).append("\r\n");
        String to = request.header("To");
        response.append("To: ").append(to).append(toTag != null && !to.contains("tag=") ? ";tag=" + toTag : "").append("\r\n");
        response.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
        response.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
        if (extraHeaders != null) {
            response.append(extraHeaders);
        }
        if (!body.isEmpty()) {
            response.append("Content-Type: application/sdp\r\n");
        }
        response.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .append("\r\n\r\n").append(body);
        sendRaw(response.toString());
    }

    /** The next request (skipping responses), failing the test after 3 s. */
    public Message request() {
        while (true) {
            Message m = receive(3000);
            if (m == null) {
                throw new AssertionError("no request from the server");
            }
            if (m.method() != null) {
                return m;
            }
        }
    }

    /** A digest Authorization value answering the challenge of the given algorithm (RFC 7616, qop=auth). */
    public String authorization(Message challenge, String header, String algorithm, String user, String password,
                                String method, String uri, String nc) {
        Map<String, String> params = challengeParams(challenge, header, algorithm);
        String hash = algorithm.equals("MD5") ? "MD5" : "SHA-256";
        String ha1 = Hashes.hex(hash, user + ":" + params.get("realm") + ":" + password);
        String ha2 = Hashes.hex(hash, method + ":" + uri);
        String cnonce = UUID.randomUUID().toString().substring(0, 8);
        String response = Hashes.hex(hash, ha1 + ":" + params.get("nonce") + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + params.get("realm") + "\", nonce=\"" + params.get("nonce")
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + algorithm + ", cnonce=\"" + cnonce
                + "\", qop=auth, nc=" + nc;
    }

    /** The parameters of the challenge offering {@code algorithm}. */
    public static Map<String, String> challengeParams(Message challenge, String header, String algorithm) {
        for (String value : challenge.headers(header)) {
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([a-zA-Z-]+)=(\"([^\"]*)\"|[^,\\s]+)").matcher(value);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
            }
            if (algorithm.equalsIgnoreCase(params.getOrDefault("algorithm", "MD5"))) {
                return params;
            }
        }
        throw new AssertionError("no " + algorithm + " challenge in " + challenge.text());
    }

    @Override
    public void close() {
        socket.close();
    }

    /** A received message, parsed just enough for assertions. */
    public record Message(String startLine, List<String[]> headerList, String body, String text) {

        public static Message parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end >= 0 ? text.substring(0, end) : text;
            String[] lines = head.split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            return new Message(lines[0], headers, end >= 0 ? text.substring(end + 4) : "", text);
        }

        public int status() {
            return startLine.startsWith("SIP/2.0 ") ? Integer.parseInt(startLine.substring(8, 11)) : 0;
        }

        public String method() {
            return startLine.startsWith("SIP/2.0") ? null : startLine.substring(0, startLine.indexOf(' '));
        }

        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headerList) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }
}
