package io.telcred.location;

/** An IPv4 address in dotted-quad text, packed into an int and back, so that a binding need not keep the text. */
final class Ipv4Text {

    private Ipv4Text() {
    }

    /**
     * The address of {@code text} as an int, or 0 when it is not a plain dotted quad (IPv6, a name,
     * null) or is 0.0.0.0, which is never a source: the caller then keeps the text.
     */
    static int pack(String text) {
        if (text == null || text.length() < 7 || text.length() > 15) {
            return 0;
        }
        int packed = 0;
        int octets = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                // A leading zero ("010") would not come back as written.
                if (value == 0) {
                    return 0;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return 0;
                }
            } else if (c == '.' && value >= 0 && octets < 4) {
                packed = packed << 8 | value;
                octets++;
                value = -1;
            } else {
                return 0;
            }
        }
        return octets == 4 ? packed : 0;
    }

    static String unpack(int packed) {
        return (packed >>> 24) + "." + (packed >>> 16 & 0xff) + "." + (packed >>> 8 & 0xff) + "." + (packed & 0xff);
    }
}
