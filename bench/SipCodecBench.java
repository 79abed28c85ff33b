import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipEncoder;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the SIP message package costs per message on the registrar's path: parsing a REGISTER
 * without and with credentials, reading what the registrar reads, building the 401 and the 200 it
 * answers with, and encoding them. Single-threaded, in this JVM, no network.
 *
 * <p>Run as a single-file source program against the compiled classes:
 * <pre>
 * mvn -B -o -q compile
 * M2=~/.m2/repository/io/netty; V=4.2.18.Final
 * java -cp target/classes:$M2/netty-buffer/$V/netty-buffer-$V.jar:$M2/netty-common/$V/netty-common-$V.jar \
 *     bench/SipCodecBench.java [rounds] [millisPerRound]
 * </pre>
 * Defaults: 15 rounds of 300 ms per operation, after 3 s of warm-up of every operation. Rounds
 * interleave the operations, so a disturbance of the shared machine touches all of them alike;
 * each line gives the median ns/op over the rounds, the spread (min..max) and the bytes allocated
 * per operation.
 */
public final class SipCodecBench {

    private static final String REGISTER = "REGISTER sip:sip.telcred.local SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.168.1.23:5060;branch=z9hG4bK-524287-1---3a2e5d7b9c1f4e60;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:alice_1234@192.168.1.23:5060;rinstance=6f8dc969b62d1466;transport=UDP>"
            + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1\r\n"
            + "To: <sip:alice_1234@sip.telcred.local>\r\n"
            + "From: <sip:alice_1234@sip.telcred.local>;tag=8c6f5b2a\r\n"
            + "Call-ID: ZjA4NTI3YjA3ZDc0MjcwYmE4Yzk0ZGRkMDIyMjk2NDM\r\n"
            + "CSeq: %d REGISTER\r\n"
            + "Expires: 3600\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n"
            + "Supported: replaces, outbound, path, gruu\r\n"
            + "User-Agent: Zoiper rv2.10.19.7-mod\r\n"
            + "Allow-Events: presence, kpml, talk\r\n"
            + "%s"
            + "Content-Length: 0\r\n"
            + "\r\n";

    private static final String AUTHORIZATION = "Authorization: Digest username=\"alice_1234\","
            + "realm=\"sip.telcred.local\",nonce=\"AAABkZr3C1kAAAAA3q2+7w.Y2hhbGxlbmdlLXNpZ25hdHVyZQ\","
            + "uri=\"sip:sip.telcred.local\",response=\"6629fae49393a05397450978507c4ef1\","
            + "cnonce=\"0a4f113b\",nc=00000001,qop=auth,algorithm=MD5\r\n";

    private static final String[] CHALLENGES = {
        "Digest realm=\"sip.telcred.local\", nonce=\"AAABkZr3C1kAAAAA3q2+7w.Y2hhbGxlbmdlLXNpZ25hdHVyZQ\","
            + " algorithm=SHA-256, qop=\"auth\"",
        "Digest realm=\"sip.telcred.local\", nonce=\"AAABkZr3C1kAAAAA3q2+7w.Y2hhbGxlbmdlLXNpZ25hdHVyZQ\","
            + " algorithm=MD5, qop=\"auth\""};

    private static volatile long sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long millisPerRound = args.length > 1 ? Long.parseLong(args[1]) : 300;

        byte[] register = String.format(REGISTER, 1, "").getBytes(StandardCharsets.UTF_8);
        byte[] authorized = String.format(REGISTER, 2, AUTHORIZATION).getBytes(StandardCharsets.UTF_8);
        SipParser parser = new SipParser(SipLimits.DEFAULT);
        SipRequest first = request(parser, register);
        SipRequest second = request(parser, authorized);
        SipResponse challenge = challenge(first);
        SipResponse ok = ok(second);
        ByteBufAllocator heap = new UnpooledByteBufAllocator(false);

        Map<String, LongSupplier> operations = new LinkedHashMap<>();
        operations.put("parse REGISTER (" + register.length + " B)", () -> parse(parser, register).hashCode());
        operations.put("parse REGISTER+Authorization (" + authorized.length + " B)",
                () -> parse(parser, authorized).hashCode());
        operations.put("parse + registrar accessors", () -> readAsRegistrar(request(parser, authorized)));
        operations.put("build 401 (to, toTag, 2 adds)", () -> challenge(first).headers().size());
        operations.put("build 200 (to, toTag, 2 adds, set)", () -> ok(second).headers().size());
        operations.put("encode 401 to ByteBuf (" + SipEncoder.encode(challenge).length + " B)",
                () -> encodeToBuffer(challenge, heap));
        operations.put("encode 401 to byte[]", () -> SipEncoder.encode(challenge).length);
        operations.put("encode 200 to ByteBuf (" + SipEncoder.encode(ok).length + " B)",
                () -> encodeToBuffer(ok, heap));
        operations.put("encode 200 to byte[]", () -> SipEncoder.encode(ok).length);

        System.out.printf("JDK %s (%s), %d rounds x %d ms per operation%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), rounds, millisPerRound);
        for (LongSupplier operation : operations.values()) {
            run(operation, 3_000 / operations.size());
        }
        for (LongSupplier operation : operations.values()) {
            run(operation, 3_000 / operations.size());
        }
        Map<String, double[]> nanos = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        operations.keySet().forEach(name -> {
            nanos.put(name, new double[rounds]);
            bytes.put(name, new double[rounds]);
        });
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, LongSupplier> operation : operations.entrySet()) {
                Measurement m = run(operation.getValue(), millisPerRound);
                nanos.get(operation.getKey())[round] = m.nanosPerOp();
                bytes.get(operation.getKey())[round] = m.bytesPerOp();
            }
        }
        System.out.printf("%-46s %10s %20s %10s%n", "operation", "median ns", "min..max ns", "B/op");
        for (String name : operations.keySet()) {
            double[] n = nanos.get(name);
            Arrays.sort(n);
            System.out.printf("%-46s %10.0f %20s %10.0f%n", name, median(n),
                    String.format("%.0f..%.0f", n[0], n[n.length - 1]), median(bytes.get(name)));
        }
    }

    private static ParseResult parse(SipParser parser, byte[] wire) {
        return parser.parse(wire, 0, wire.length);
    }

    private static SipRequest request(SipParser parser, byte[] wire) {
        ParseResult result = parse(parser, wire);
        if (!(result instanceof ParseResult.Parsed parsed)) {
            throw new IllegalStateException("benchmark message does not parse: " + result);
        }
        return (SipRequest) parsed.message();
    }

    /** What the registrar and the authenticator read from one REGISTER. */
    private static long readAsRegistrar(SipRequest request) {
        long h = request.callId().length();
        h += request.cseq().number();
        h += request.topVia().branch().length();
        h += request.from().tag().length();
        h += request.to().uri().length();
        List<NameAddress> contacts = request.contacts();
        h += contacts.get(0).param("reg-id").length();
        h += request.headers().first("Expires").length();
        h += request.headers().lines("Authorization").get(0).length();
        h += request.headers().all("Path").size();
        h += request.headers().first("User-Agent").length();
        return h;
    }

    /** The 401 as the registrar builds it: SipAuthenticator.challenge. */
    private static SipResponse challenge(SipRequest request) {
        SipResponse response = SipResponse.to(request, 401, null);
        response.toTag("k3d9s8a7b6");
        for (String value : CHALLENGES) {
            response.headers().add("WWW-Authenticate", value);
        }
        return response;
    }

    /** The 200 as the registrar builds it: Registrar.ok with one binding. */
    private static SipResponse ok(SipRequest request) {
        SipResponse response = SipResponse.to(request, 200, "OK");
        response.toTag("p2m4x6c8v0");
        response.headers().add("Contact", "<sip:alice_1234@192.168.1.23:5060;rinstance=6f8dc969b62d1466;transport=UDP>"
                + ";expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1");
        response.headers().add("Require", "outbound");
        response.headers().set("Date", "Sat, 13 Nov 2010 23:29:00 GMT");
        return response;
    }

    private static long encodeToBuffer(SipResponse response, ByteBufAllocator alloc) {
        ByteBuf buf = SipEncoder.encode(response, alloc);
        int length = buf.readableBytes();
        buf.release();
        return length;
    }

    private record Measurement(double nanosPerOp, double bytesPerOp) {
    }

    /** Runs the operation in batches for about {@code millis}; ns and allocated bytes per call. */
    private static Measurement run(LongSupplier operation, long millis) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long deadline = System.nanoTime() + millis * 1_000_000;
        long calls = 0;
        long acc = 0;
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                acc += operation.getAsLong();
            }
            calls += 256;
            now = System.nanoTime();
        } while (now < deadline);
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        sink += acc;
        return new Measurement((double) (now - start) / calls, (double) allocated / calls);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
