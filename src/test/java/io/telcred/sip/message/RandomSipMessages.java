package io.telcred.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates random valid SIP messages from a seed: a model (what the message means) and a wire
 * text spelling it with the liberties RFC 3261 allows (compact and oddly cased names, white space
 * around colons, folded lines, list values on one line or several).
 */
final class RandomSipMessages {

    /** A generated message: its meaning, and one way of writing it. */
    record Sample(SipMessage model, byte[] wire) {
    }

    private static final String[] METHODS = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"};
    private static final String[] TRANSPORTS = {"UDP", "TCP", "TLS", "WS", "WSS", "SCTP"};
    private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
    private static final String USER_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()&=+$,;?/";
    private static final String[] TEXT_WORDS = {"hello", "Grüße", "日本語", "a,b", "x;y", "<z>", "q=1", "\\", "\"",
        "tab\there", "€", "mañana", "@", ":", "%41"};
    private static final String[][] COMPACT = {{"Call-ID", "i"}, {"Contact", "m"}, {"From", "f"}, {"To", "t"},
        {"Via", "v"}, {"Content-Length", "l"}, {"Content-Type", "c"}, {"Supported", "k"}, {"Subject", "s"}};

    private final Random random;

    RandomSipMessages(long seed) {
        this.random = new Random(seed);
    }

    Sample next() {
        SipHeaders headers = new SipHeaders();
        boolean request = random.nextInt(4) != 0;
        String method = random.nextInt(5) == 0 ? token(1 + random.nextInt(12)).toUpperCase(Locale.ROOT)
                : pick(METHODS);
        int vias = request ? 1 + random.nextInt(4) : 1 + random.nextInt(2);
        for (int i = 0; i < vias; i++) {
            headers.add("Via", via().toString());
        }
        headers.add("Max-Forwards", String.valueOf(random.nextInt(256)));
        headers.add("From", address(true).withParam("tag", token(8)).toString());
        NameAddress to = address(true);
        headers.add("To", (random.nextBoolean() ? to.withParam("tag", token(6)) : to).toString());
        headers.add("Call-ID", token(10) + (random.nextBoolean() ? "@" + host() : ""));
        headers.add("CSeq", random.nextInt(Integer.MAX_VALUE) + " " + method);
        int contacts = random.nextInt(4);
        for (int i = 0; i < contacts; i++) {
            NameAddress contact = address(false);
            if (random.nextBoolean()) {
                contact = contact.withParam("expires", String.valueOf(random.nextInt(7200)));
            }
            if (random.nextInt(3) == 0) {
                contact = contact.withParam("+sip.instance", "\"<urn:uuid:" + token(8) + ">\"").withParam("reg-id", "1");
            }
            headers.add("Contact", contact.toString());
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            headers.add("Record-Route", "<" + uri().withParam("lr", null) + ">");
        }
        if (random.nextBoolean()) {
            headers.add("Supported", random.nextBoolean() ? "outbound, path" : "replaces");
        }
        if (random.nextInt(3) == 0) {
            headers.add("Subject", text());
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            headers.add("X-" + token(1 + random.nextInt(10)), text());
        }
        if (random.nextInt(4) == 0) {
            headers.add("WWW-Authenticate", "Digest realm=\"" + host() + "\", nonce=\"" + token(16)
                    + "\", algorithm=SHA-256, qop=\"auth\"");
        }
        byte[] body = new byte[random.nextInt(3) == 0 ? random.nextInt(300) : 0];
        random.nextBytes(body);
        if (body.length > 0) {
            headers.add("Content-Type", "application/octet-stream");
        }
        SipMessage model = request
                ? new SipRequest(method, uri().toString(), headers, body)
                : new SipResponse(100 + random.nextInt(600), random.nextBoolean() ? null : text(), headers, body);
        return new Sample(model, wire(model));
    }

    /** Writes the model with random but legal spelling choices. */
    private byte[] wire(SipMessage model) {
        StringBuilder out = new StringBuilder(model.startLine()).append("\r\n");
        List<SipHeaders.Entry> entries = new ArrayList<>();
        model.headers().forEach(entries::add);
        for (int i = 0; i < entries.size(); i++) {
            SipHeaders.Entry entry = entries.get(i);
            String value = entry.value();
            // Join a run of the same list header onto one comma-separated line now and then.
            while (SipHeaders.isListHeader(entry.name()) && i + 1 < entries.size()
                    && entries.get(i + 1).name().equals(entry.name()) && random.nextInt(3) == 0) {
                value = value + "," + (random.nextBoolean() ? " " : "") + entries.get(++i).value();
            }
            out.append(spell(entry.name())).append(random.nextInt(4) == 0 ? " \t: " : ": ")
                    .append(fold(value)).append("\r\n");
        }
        out.append(random.nextBoolean() ? "Content-Length" : "l").append(": ").append(model.body().length)
                .append("\r\n\r\n");
        byte[] head = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[head.length + model.body().length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(model.body(), 0, wire, head.length, model.body().length);
        return wire;
    }

    private String spell(String name) {
        if (random.nextInt(3) == 0) {
            for (String[] pair : COMPACT) {
                if (pair[0].equals(name)) {
                    return random.nextBoolean() ? pair[1] : pair[1].toUpperCase(Locale.ROOT);
                }
            }
        }
        return switch (random.nextInt(4)) {
            case 0 -> name.toLowerCase(Locale.ROOT);
            case 1 -> name.toUpperCase(Locale.ROOT);
            default -> name;
        };
    }

    /** Breaks the value at a single space into a continuation line, which reads back as that space. */
    private String fold(String value) {
        if (random.nextInt(4) != 0) {
            return value;
        }
        for (int i = 1; i < value.length() - 1; i++) {
            if (value.charAt(i) == ' ' && value.charAt(i - 1) != ' ' && value.charAt(i + 1) != ' '
                    && value.charAt(i - 1) != '\t' && value.charAt(i + 1) != '\t' && random.nextBoolean()) {
                return value.substring(0, i) + "\r\n" + (random.nextBoolean() ? " " : "\t  ") + value.substring(i + 1);
            }
        }
        return value;
    }

    private Via via() {
        Via via = Via.of(pick(TRANSPORTS), host(), random.nextBoolean() ? 1 + random.nextInt(65_535) : -1)
                .withParam("branch", Via.MAGIC_COOKIE + token(10));
        if (random.nextBoolean()) {
            via = via.withParam("rport", random.nextBoolean() ? null : String.valueOf(1 + random.nextInt(65_535)));
        }
        if (random.nextInt(3) == 0) {
            via = via.withParam("received", random.nextBoolean() ? ipv4() : "2001:db8::" + random.nextInt(100));
        }
        return via;
    }

    private NameAddress address(boolean maybeTel) {
        String uri = maybeTel && random.nextInt(8) == 0 ? "tel:+1" + (1_000_000 + random.nextInt(9_000_000))
                : uri().toString();
        String display = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> token(1 + random.nextInt(8));
            default -> text();
        };
        return NameAddress.of(display, uri);
    }

    private SipUri uri() {
        SipUri uri = SipUri.sip(random.nextInt(5) == 0 ? null : user(), host(),
                random.nextBoolean() ? 1 + random.nextInt(65_535) : -1);
        if (random.nextInt(5) == 0) {
            uri = uri.withScheme("sips");
        }
        if (random.nextInt(3) == 0) {
            uri = uri.withParam("transport", pick(TRANSPORTS).toLowerCase(Locale.ROOT));
        }
        if (random.nextInt(5) == 0) {
            uri = uri.withParam("ob", null);
        }
        return uri;
    }

    private String user() {
        StringBuilder user = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            if (random.nextInt(10) == 0) {
                user.append('%').append(String.format("%02X", random.nextInt(256)));
            } else {
                user.append(USER_CHARS.charAt(random.nextInt(USER_CHARS.length())));
            }
        }
        return user.toString();
    }

    private String host() {
        return switch (random.nextInt(4)) {
            case 0 -> ipv4();
            case 1 -> "[2001:db8::" + Integer.toHexString(random.nextInt(0xffff)) + "]";
            default -> token(1 + random.nextInt(8)).replaceAll("[^a-zA-Z0-9-]", "x") + ".example.com";
        };
    }

    private String ipv4() {
        return "192.0.2." + random.nextInt(256);
    }

    private String token(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        return token.toString();
    }

    /** Free text with UTF-8, separators and quotes, single-spaced and trimmed (as a parsed value is). */
    private String text() {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(random.nextBoolean() ? pick(TEXT_WORDS) : token(1 + random.nextInt(6)));
        }
        return text.toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
