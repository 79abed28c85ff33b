import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What one ES256 token signature check costs, by implementation: the ceiling of first-time token
 * logins (a known token skips the check, see TELCRED_TOKEN_VERIFIED_CACHE_SIZE). Each verifies the
 * signature of one real login token (about 450 characters) with the public key parsed once:
 *
 * <ul>
 *   <li>{@code nimbus}: what telcred's TokenVerifier does, Nimbus {@code ECDSAVerifier.verify} (SunEC underneath);
 *   <li>{@code jdk}: {@code java.security.Signature} {@code SHA256withECDSAinP1363Format} of the JDK's SunEC, no JOSE library;
 *   <li>{@code bc-jca}: Bouncy Castle's provider, {@code SHA256withPLAIN-ECDSA};
 *   <li>{@code bc-lightweight}: Bouncy Castle's {@code ECDSASigner} on its custom P-256 curve, one
 *       {@code ECPublicKeyParameters} kept for the key (its point keeps its precomputed multiples).
 * </ul>
 *
 * <p>Run from the repository root, after {@code mvn package}:
 * {@code java -cp target/telcred.jar bench/Es256VerifyBench.java [seconds] [rounds]}. Prints per
 * implementation the median of the rounds of thread CPU time per verification (what the machine's
 * other work disturbs least) and the single-thread rate it implies: {@code verify impl=... us_cpu=... per_s_per_core=...}.
 */
public final class Es256VerifyBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bench").build(), new Payload(
                "{\"aud\":\"telnyx_telephony\",\"exp\":1764955200,\"gen\":0,\"iat\":1764868800,\"iss\":\"telnyx_telephony\","
                + "\"jti\":\"2f0c1c9e-6f1e-4f7c-9a55-3f2f2b8a0d1e\",\"nbf\":1764868800,"
                + "\"sub\":\"7c1d6e4a-1f3b-4d9e-8a2f-5b6c7d8e9f00\",\"tel_token\":\"rtc\",\"typ\":\"access\"}"));
        jws.sign(new ECDSASigner(key));
        String[] parts = jws.serialize().split("\\.");
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] p1363 = new Base64URL(parts[2]).decode();
        ECPublicKey publicKey = key.toECPublicKey();

        ECDSAVerifier nimbus = new ECDSAVerifier(key.toPublicJWK());
        JWSHeader header = JWSHeader.parse(new Base64URL(parts[0]));
        Base64URL signature = new Base64URL(parts[2]);
        Provider bc = new BouncyCastleProvider();

        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECPublicKeyParameters bcKey = new ECPublicKeyParameters(curve.getCurve().createPoint(
                publicKey.getW().getAffineX(), publicKey.getW().getAffineY()), domain);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(p1363, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(p1363, 32, 64));

        List<String> names = List.of("nimbus", "jdk", "bc-jca", "bc-lightweight");
        List<BooleanSupplier> checks = List.of(
                () -> call(() -> nimbus.verify(header, input, signature)),
                () -> call(() -> {
                    Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
                    jdk.initVerify(publicKey);
                    jdk.update(input);
                    return jdk.verify(p1363);
                }),
                () -> call(() -> {
                    Signature plain = Signature.getInstance("SHA256withPLAIN-ECDSA", bc);
                    plain.initVerify(publicKey);
                    plain.update(input);
                    return plain.verify(p1363);
                }),
                () -> call(() -> {
                    var verifier = new org.bouncycastle.crypto.signers.ECDSASigner();
                    verifier.init(false, bcKey);
                    return verifier.verifySignature(MessageDigest.getInstance("SHA-256").digest(input), r, s);
                }));

        System.out.printf("verify token_chars=%d jdk=%s rounds=%d seconds_each=%.1f%n", jws.serialize().length(),
                System.getProperty("java.version"), rounds, seconds);
        for (BooleanSupplier check : checks) {
            measure(check, seconds); // warm-up: C2 compiles the field arithmetic
        }
        List<List<Double>> results = new ArrayList<>();
        names.forEach(name -> results.add(new ArrayList<>()));
        // Rounds interleave the implementations, so that a busy moment of the machine falls on all of them.
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < checks.size(); i++) {
                results.get(i).add(measure(checks.get(i), seconds));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            List<Double> us = results.get(i);
            us.sort(null);
            double median = us.get(us.size() / 2);
            System.out.printf("verify impl=%s us_cpu=%.1f per_s_per_core=%.0f min_us=%.1f max_us=%.1f%n", names.get(i),
                    median, 1e6 / median, us.get(0), us.get(us.size() - 1));
        }
    }

    /** Thread CPU microseconds per verification, over about {@code seconds}. */
    private static double measure(BooleanSupplier check, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu = THREADS.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() < end) {
            if (!check.getAsBoolean()) {
                throw new IllegalStateException("a valid signature did not verify");
            }
            n++;
        }
        return (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
    }

    private interface Check {
        boolean run() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
