package io.telcred.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Portal passwords hashed with Argon2id (RFC 9106), stored in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} so that a hash made with other
 * parameters still verifies after they change. The default cost is OWASP's first recommendation
 * (19 MiB, 2 passes, 1 lane): about 30 ms on one core, slow enough to make guessing from a stolen
 * table expensive, fast enough for a sign-in.
 */
public final class Argon2Passwords {

    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    public static final int DEFAULT_PASSES = 2;
    private static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int memoryKib;
    private final int passes;

    public Argon2Passwords() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_PASSES);
    }

    /** Cheaper parameters for tests; production uses the defaults. */
    public Argon2Passwords(int memoryKib, int passes) {
        this.memoryKib = memoryKib;
        this.passes = passes;
    }

    public String hash(String password) {
        byte[] salt = RandomStrings.bytes(SALT_BYTES);
        byte[] hash = derive(password, salt, memoryKib, passes, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false for anything that is not an Argon2id PHC string. */
    public boolean verify(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int memory = 0;
            int iterations = 0;
            int lanes = 0;
            for (String parameter : parts[3].split(",")) {
                int value = Integer.parseInt(parameter.substring(2));
                switch (parameter.substring(0, 2)) {
                    case "m=" -> memory = value;
                    case "t=" -> iterations = value;
                    case "p=" -> lanes = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64_DECODER.decode(parts[4]);
            byte[] expected = B64_DECODER.decode(parts[5]);
            if (memory < 8 || iterations < 1 || lanes < 1 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, memory, iterations, lanes, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Whether a hash was made with weaker parameters than today's, and should be made again at the next sign-in. */
    public boolean needsRehash(String encoded) {
        return encoded == null || !encoded.startsWith("$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + LANES + "$");
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memoryKib)
                .withIterations(passes).withParallelism(lanes).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
