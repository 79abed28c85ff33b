package io.telcred.common;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network such as "10.0.0.0/8" or "2001:db8::/32"; a bare address is a network of
 * one. Parsed from literals only: a host name is refused rather than looked up, so configuration
 * never waits on DNS.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException if the text is not an address literal with an optional valid prefix length */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty network");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address, text) : ipv4(address, text);
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a network: " + text);
            }
            prefix = Integer.parseInt(digits);
            if (prefix > maxPrefix) {
                throw new IllegalArgumentException("prefix longer than the address in " + text);
            }
        }
        return new Cidr(bytes, prefix);
    }

    /**
     * An IPv4 or IPv6 literal (IPv6 possibly in brackets) as an address, or null for anything else
     * (a name, "unknown", a network). Never a DNS lookup.
     */
    public static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.isEmpty() || literal.indexOf('/') >= 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(literal.indexOf(':') >= 0 ? ipv6(literal, text) : ipv4(literal, text));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static byte[] ipv4(String address, String text) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + text);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] ipv6(String address, String text) {
        // Only hex digits, colons and dots (an embedded IPv4 tail), starting with a hex digit or a
        // colon: InetAddress then parses a literal and never resolves a name.
        if (address.length() > 45 || !address.chars().allMatch(Cidr::isIpv6LiteralChar) || address.charAt(0) == '.') {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                // Java turns an IPv4-mapped literal (::ffff:a.b.c.d) into IPv4, prefix and all confused.
                throw new IllegalArgumentException("write an IPv4-mapped network as IPv4: " + text);
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    private static boolean isIpv6LiteralChar(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }
}
