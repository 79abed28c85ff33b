package io.telcred.rtpengine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencoding, the encoding of rtpengine's ng control protocol: byte strings ({@code 4:spam}),
 * integers ({@code i3e}), lists ({@code l...e}) and dictionaries ({@code d...e}). Strings are read
 * as UTF-8 text, which every value rtpengine sends is.
 */
final class Bencode {

    private final byte[] input;
    private int at;

    private Bencode(byte[] input, int offset) {
        this.input = input;
        this.at = offset;
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** Decodes the value starting at {@code offset}; throws IllegalArgumentException on malformed input. */
    static Object decode(byte[] input, int offset) {
        Bencode reader = new Bencode(input, offset);
        return reader.value();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeBytes(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(out, item));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            // Keys in sorted order, as the encoding requires.
            map.keySet().stream().map(String.class::cast).sorted().forEach(key -> {
                write(out, key);
                write(out, map.get(key));
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + value);
        }
    }

    private Object value() {
        if (at >= input.length) {
            throw new IllegalArgumentException("truncated");
        }
        byte b = input[at];
        if (b == 'd') {
            at++;
            Map<String, Object> map = new LinkedHashMap<>();
            while (peek() != 'e') {
                Object key = value();
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException("a dictionary key must be a string");
                }
                map.put(name, value());
            }
            at++;
            return map;
        }
        if (b == 'l') {
            at++;
            List<Object> list = new ArrayList<>();
            while (peek() != 'e') {
                list.add(value());
            }
            at++;
            return list;
        }
        if (b == 'i') {
            int end = indexOf('e', at + 1);
            long number = Long.parseLong(new String(input, at + 1, end - at - 1, StandardCharsets.US_ASCII));
            at = end + 1;
            return number;
        }
        if (b >= '0' && b <= '9') {
            int colon = indexOf(':', at);
            int length = Integer.parseInt(new String(input, at, colon - at, StandardCharsets.US_ASCII));
            if (length < 0 || colon + 1 + length > input.length) {
                throw new IllegalArgumentException("string longer than the input");
            }
            String text = new String(input, colon + 1, length, StandardCharsets.UTF_8);
            at = colon + 1 + length;
            return text;
        }
        throw new IllegalArgumentException("unexpected byte " + b + " at " + at);
    }

    private byte peek() {
        if (at >= input.length) {
            throw new IllegalArgumentException("truncated");
        }
        return input[at];
    }

    private int indexOf(char c, int from) {
        for (int i = from; i < input.length; i++) {
            if (input[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("truncated");
    }
}
