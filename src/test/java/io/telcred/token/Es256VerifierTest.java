package io.telcred.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ES256 check on Bouncy Castle's arithmetic judges every signature as the JDK's own does. */
class Es256VerifierTest {

    private static final BigInteger N = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private final KeyPair pair = keyPair();
    private final Es256Verifier verifier = new Es256Verifier((ECPublicKey) pair.getPublic());

    @Test
    void acceptsWhatTheJdkSignsAndAgreesWithTheJdkOnAlteredSignatures() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] input = new byte[1 + random.nextInt(600)];
            random.nextBytes(input);
            byte[] signature = sign(input);
            assertThat(verifier.verifies(input, signature)).as("signature %d", i).isTrue();
            byte[] altered = signature.clone();
            altered[random.nextInt(altered.length)] ^= (byte) (1 << random.nextInt(8));
            assertThat(verifier.verifies(input, altered)).isEqualTo(jdkVerifies(input, altered)).isFalse();
            byte[] otherInput = input.clone();
            otherInput[random.nextInt(otherInput.length)] ^= 1;
            assertThat(verifier.verifies(otherInput, signature)).isFalse();
        }
    }

    @Test
    void refusesAnotherKeysSignature() throws Exception {
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Es256Verifier other = new Es256Verifier((ECPublicKey) keyPair().getPublic());
        assertThat(other.verifies(input, sign(input))).isFalse();
    }

    @Test
    void refusesOutOfRangeOrMisSizedValues() throws Exception {
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = sign(input);
        byte[] zeroR = signature.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        byte[] zeroS = signature.clone();
        Arrays.fill(zeroS, 32, 64, (byte) 0);
        // s + n has the same value modulo n, but is not a valid s.
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] sPlusN = s.add(N).toByteArray();
        assertThat(verifier.verifies(input, zeroR)).isFalse();
        assertThat(verifier.verifies(input, zeroS)).isFalse();
        assertThat(verifier.verifies(input, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(verifier.verifies(input, Arrays.copyOf(signature, 65))).isFalse();
        if (sPlusN.length == 32) {
            byte[] wrapped = signature.clone();
            System.arraycopy(sPlusN, 0, wrapped, 32, 32);
            assertThat(verifier.verifies(input, wrapped)).isFalse();
        }
        assertThat(verifier.verifies(input, new byte[64])).isFalse();
    }

    private byte[] sign(byte[] input) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(input);
        return ecdsa.sign();
    }

    private boolean jdkVerifies(byte[] input, byte[] signature) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initVerify(pair.getPublic());
        ecdsa.update(input);
        return ecdsa.verify(signature);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
