package io.telcred.token;

/**
 * Writes a token's claims as JSON that the Telnyx JS SDK can read back. It decodes the payload with
 * {@code atob}, which rejects the base64url characters {@code -} and {@code _} (sextets 62 and 63).
 * For ASCII input only the last byte of a 3-byte group can produce them, and only when it is
 * {@code >}, {@code ?}, {@code ~} or DEL. So the JSON is pure ASCII with those characters (and
 * every non-ASCII one) escaped as {@code \\uXXXX}, and its base64url never holds either character.
 */
final class AtobSafeJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder json = new StringBuilder(256).append('{');

    AtobSafeJson text(String name, String value) {
        member(name);
        quoted(value);
        return this;
    }

    AtobSafeJson number(String name, long value) {
        member(name);
        json.append(value);
        return this;
    }

    String end() {
        return json.append('}').toString();
    }

    private void member(String name) {
        if (json.length() > 1) {
            json.append(',');
        }
        quoted(name);
        json.append(':');
    }

    private void quoted(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f || c == '>' || c == '?' || c == '~') {
                        json.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
