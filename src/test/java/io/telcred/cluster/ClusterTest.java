package io.telcred.cluster;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.account.IssuedApiKey;
import io.telcred.sip.BridgedCalls;
import io.telcred.sip.SipCallTexts;
import io.telcred.sip.SipTestClient;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.location.Transport;
import io.telcred.testing.ApiClient;
import io.telcred.testing.CuttableProxy;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Three nodes in this process on one PostgreSQL schema and one Redis, as a cluster runs: a change
 * made through one node takes effect on the others within the bound, digest nonces of one node
 * are answered {@code stale=true} by another, and a node cut off from Redis says so in
 * {@code /ready} and catches up when it is back. Node 3 reaches Redis through a relay the test
 * cuts. Runs when {@code -Dtelcred.test.redis=redis://127.0.0.1:6379/N} and
 * {@code -Dtelcred.test.database} (PostgreSQL) are given; prints the delays it measures.
 */
@EnabledIfSystemProperty(named = "telcred.test.redis", matches = "rediss?://.+")
class ClusterTest {

    private static final String REALM = "sip.telcred.local";
    /** The bound the tests hold a cross-node change to; the aim is 100 ms, printed as measured. */
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final String BROWSER_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    /** A phone that speaks ICE and DTLS-SRTP, as a browser needs when no media relay is configured. */
    private static final String PHONE_SDP = "v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 EE:FF\r\na=ice-ufrag:wxyz\r\nm=audio 40000 UDP/TLS/RTP/SAVPF 0\r\n";
    /** What {@code Fixtures.connection} gives every connection. */
    private static final String CONNECTION_PASSWORD = "correct-horse-1";

    private static CuttableProxy relay;
    private static TestTelcred node1;
    private static TestTelcred node2;
    private static TestTelcred node3;
    private static ApiClient api1;
    private static ApiClient api2;

    @BeforeAll
    static void startThreeNodes() {
        assumeTrue(TestTelcred.postgresUrl() != null, "several nodes need -Dtelcred.test.database=jdbc:postgresql:...");
        URI redis = URI.create(System.getProperty("telcred.test.redis"));
        relay = new CuttableProxy(redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379);
        String throughRelay = redis.getScheme() + "://127.0.0.1:" + relay.port() + redis.getPath();
        node1 = TestTelcred.start(node("node-1", redis.toString()));
        node2 = TestTelcred.joining(node1, node("node-2", redis.toString()));
        node3 = TestTelcred.joining(node1, node("node-3", throughRelay));
        api1 = node1.client();
        api2 = node2.client();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {node3, node2, node1, relay}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @Test
    void credentialDeactivatedThroughNode2IsRefusedOnNode1AndItsSessionThereIsPunted() {
        JsonNode credential = credentialUnder(api1, connection(api1).get("id").asText());
        try (RtcTestClient session = RtcTestClient.loggedIn(node1, credential);
             SipTestClient phone = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM)) {
            assertThat(register(phone, credential).status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(api2.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/actions/deactivate", "")
                    .status()).isEqualTo(200);
            session.awaitRequest("telnyx_rtc.punt");
            Duration punted = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("cluster: a credential deactivated through node 2 punted its WebRTC session on node 1 "
                    + "%.1f ms after the request was sent%n", punted.toNanos() / 1e6);
            assertThat(punted).isLessThan(BOUND);
            assertThat(session.awaitClose()).isEqualTo(1000);
            assertThat(register(phone, credential).status()).isEqualTo(403);
        }
    }

    @Test
    void phoneRegisteredOnNode1AndSessionOnNode2AreListedByNode3UntilTheyGo() {
        JsonNode connection = connection(api1);
        String connectionId = connection.get("id").asText();
        JsonNode phoneCredential = credentialUnder(api1, connectionId);
        JsonNode browserCredential = credentialUnder(api1, connectionId);
        ApiClient api3 = node3.client();
        String phoneUser = phoneCredential.get("sip_username").asText();
        String browserUser = browserCredential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM)) {
            long start = System.nanoTime();
            assertThat(register(phone, phoneCredential).status()).isEqualTo(200);
            assertThat(within(BOUND, () -> listed(api3, phoneUser).size() == 1)).isTrue();
            System.out.printf("cluster: a phone registered on node 1 was listed by node 3 %.1f ms after it sent REGISTER%n",
                    (System.nanoTime() - start) / 1e6);
            JsonNode listed = listed(api3, phoneUser).get(0);
            assertThat(listed.get("connection_id").asText()).isEqualTo(connectionId);
            assertThat(listed.get("credential_id").asText()).isEqualTo(phoneCredential.get("id").asText());
            assertThat(listed.get("transport").asText()).isEqualTo("UDP");
            assertThat(listed.get("port").asInt()).isEqualTo(phone.port());

            try (RtcTestClient browser = RtcTestClient.loggedIn(node2, browserCredential)) {
                assertThat(within(BOUND, () -> listed(api3, browserUser).size() == 1)).isTrue();
                assertThat(within(BOUND, () -> api3.get("/v2/registrations?filter[connection_id]=" + connectionId).json()
                        .path("meta").path("total_results").asInt() == 2)).isTrue();
            }
            assertThat(within(BOUND, () -> listed(api3, browserUser).isEmpty())).as("a WebRTC session that ended").isTrue();

            assertThat(phone.registerWithPassword(phoneUser, phoneCredential.get("sip_password").asText(),
                    phone.contact(phoneUser), "0").status()).isEqualTo(200);
            assertThat(within(BOUND, () -> listed(api3, phoneUser).isEmpty())).as("a phone that unregistered").isTrue();
        }
    }

    @Test
    void connectionsOwnUserOnNode1IsRegisteredForNode2sStatusCheck() {
        JsonNode connection = connection(api1);
        String check = "/v2/credential_connections/" + connection.get("id").asText() + "/actions/check_registration_status";
        assertThat(api2.post(check, "").data().get("status").asText()).isEqualTo("Not Registered");
        try (SipTestClient phone = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM)) {
            String user = connection.get("user_name").asText();
            assertThat(phone.registerWithPassword(user, CONNECTION_PASSWORD, phone.contact(user), "600")
                    .status()).isEqualTo(200);
            assertThat(within(BOUND, () -> api2.post(check, "").data().get("status").asText().equals("Registered")))
                    .isTrue();
            assertThat(api2.post(check, "").data().get("port").asInt()).isEqualTo(phone.port());
        }
    }

    @Test
    void aNodeThatLeavesIsListedByTheOthersForItsNodeTimeoutOnly() {
        JsonNode credential = credentialUnder(api1, connection(api1).get("id").asText());
        String user = credential.get("sip_username").asText();
        Map<String, String> settings = new java.util.HashMap<>(node("node-4", System.getProperty("telcred.test.redis")));
        settings.put("TELCRED_NODE_TIMEOUT_MS", "1000");
        TestTelcred node4 = TestTelcred.joining(node1, settings);
        try (SipTestClient phone = new SipTestClient(node4.server().sip().port(Transport.UDP), REALM)) {
            assertThat(register(phone, credential).status()).isEqualTo(200);
            assertThat(within(BOUND, () -> listed(api1, user).size() == 1)).isTrue();
        } finally {
            node4.close();
        }
        assertThat(listed(api1, user)).as("a restart as short as the node timeout would take the phone back").hasSize(1);
        assertThat(within(Duration.ofSeconds(3), () -> listed(api1, user).isEmpty())).as("node 4's heartbeat expired")
                .isTrue();
    }

    @Test
    void aNodeRestartedUnderItsIdTakesBackItsUdpPhonesWhichTheOthersListThroughout() throws Exception {
        Callers callers = new Callers(api1);
        String bob = callers.bobUser();
        String password = callers.bob().get("sip_password").asText();
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> settings = new java.util.HashMap<>(node("node-5", System.getProperty("telcred.test.redis")));
        settings.put("TELCRED_NODE_TIMEOUT_MS", "30000");
        settings.put("TELCRED_SIP_UDP_PORT", Integer.toString(port));
        TestTelcred node5 = TestTelcred.joining(node1, settings);
        String callId = UUID.randomUUID().toString();
        try (SipTestClient callee = new SipTestClient(port, REALM);
             SipTestClient caller = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM)) {
            assertThat(registerInDialog(callee, bob, password, callId).status()).isEqualTo(200);
            int registeredWith = callee.nextCseq() - 1;
            assertThat(within(BOUND, () -> listed(api1, bob).size() == 1)).isTrue();

            node5.close();
            assertThat(listed(api1, bob)).as("listed while node 5 is down").hasSize(1);
            node5 = TestTelcred.joining(node1, settings);
            assertThat(listed(node5.client(), bob)).as("taken back by node 5").hasSize(1);
            assertThat(listed(api1, bob)).as("listed once by node 1 after the restart").hasSize(1);

            callee.register(bob, callId, callee.nextCseq(), callee.contact(bob), "600", null);
            Message challenge = callee.finalResponse();
            callee.register(bob, callId, registeredWith, callee.contact(bob), "600", callee.authorization(challenge,
                    "WWW-Authenticate", "MD5", bob, password, "REGISTER", "sip:" + REALM, "00000001"));
            assertThat(callee.finalResponse().status()).as("the CSeq of before the restart is known").isEqualTo(500);
            assertThat(registerInDialog(callee, bob, password, callId).status()).as("the refresh").isEqualTo(200);

            assertThat(register(caller, callers.alice()).status()).isEqualTo(200);
            inviteWithPassword(caller, callers.alice(), bob, UUID.randomUUID().toString(), SipCallTexts.SDP);
            Message invite = callee.request();
            assertThat(invite.method()).as("node 5 routes to the phone it took back").isEqualTo("INVITE");
            callee.respond(invite, 486, "Busy Here", "bobtag", null);
            assertThat(caller.finalResponse().status()).isEqualTo(486);
        } finally {
            node5.close();
        }
    }

    @Test
    void anIncarnationStillCopyingIsNeitherListedNorDeletedByAnotherNode() {
        JsonNode credential = credentialUnder(api1, connection(api1).get("id").asText());
        String user = credential.get("sip_username").asText();
        String account = node1.server().platform().accounts().defaultAccount().id();
        String member = "node-9/" + UUID.randomUUID().toString().substring(0, 8);
        String field = SharedLocation.field(member, user);
        long now = System.currentTimeMillis();
        String copy = "[{\"login\":\"" + user + "\",\"account\":\"" + account + "\",\"contact\":\"sip:" + user
                + "@127.0.0.1:5999\",\"transport\":\"UDP\",\"ip\":\"127.0.0.1\",\"port\":5999,\"registered_at\":" + now
                + ",\"expires_at\":" + (now + 600_000) + ",\"call_id\":\"c\",\"cseq\":1}]";
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(System.getProperty("telcred.test.redis"));
        try (var connection = client.connect()) {
            var redis = connection.sync();
            redis.set(SharedLocation.heartbeatKey(member), SharedLocation.COPYING, io.lettuce.core.SetArgs.Builder.px(10_000));
            redis.hset(SharedLocation.accountKey(account), field, copy);

            assertThat(listed(api1, user)).as("not listed while copying").isEmpty();
            assertThat(redis.hexists(SharedLocation.accountKey(account), field)).as("nor deleted").isTrue();
            redis.set(SharedLocation.heartbeatKey(member), "", io.lettuce.core.SetArgs.Builder.px(10_000));
            assertThat(listed(api1, user)).as("listed once its heartbeat is set").hasSize(1);

            redis.del(SharedLocation.heartbeatKey(member));
            assertThat(listed(api1, user)).as("gone with its heartbeat").isEmpty();
            assertThat(redis.hexists(SharedLocation.accountKey(account), field)).as("and deleted").isFalse();
        } finally {
            client.shutdown();
        }
    }

    /** A REGISTER of the phone's dialog {@code callId}, challenged and sent again with the password. */
    private static Message registerInDialog(SipTestClient phone, String user, String password, String callId) {
        phone.register(user, callId, phone.nextCseq(), phone.contact(user), "600", null);
        Message challenge = phone.finalResponse();
        phone.register(user, callId, phone.nextCseq(), phone.contact(user), "600", phone.authorization(challenge,
                "WWW-Authenticate", "MD5", user, password, "REGISTER", "sip:" + REALM, "00000001"));
        return phone.finalResponse();
    }

    @Test
    void phoneOnNode2CallsPhoneRegisteredOnNode1AndEitherSideHangsUpThroughBothNodes() {
        Callers callers = new Callers(api1);
        try (SipTestClient callee = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM);
             SipTestClient caller = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM)) {
            assertThat(register(caller, callers.alice()).status()).isEqualTo(200);
            registerAndAwaitListing(callee, callers.bob(), api2);

            for (boolean calleeHangsUp : new boolean[] {false, true}) {
                String callId = UUID.randomUUID().toString();
                inviteWithPassword(caller, callers.alice(), callers.bobUser(), callId, SipCallTexts.SDP);

                Message invite = callee.request();
                assertThat(invite.method()).isEqualTo("INVITE");
                assertThat(invite.startLine()).contains(callers.bobUser() + "@127.0.0.1:" + callee.port());
                assertThat(invite.header("X-Telcred-Node")).as("the nodes' own header stops at node 1").isNull();
                assertThat(invite.header("Proxy-Authorization")).isNull();
                callee.respond(invite, 180, "Ringing", "bobtag", null);
                callee.respond(invite, 200, "OK", "bobtag", "Contact: " + callee.contact(callers.bobUser()) + "\r\n");
                Message ok = caller.finalResponse();
                assertThat(ok.status()).isEqualTo(200);
                List<String> recordRoute = ok.headers("Record-Route");
                assertThat(SipCallTexts.routeSet(recordRoute)).as("both nodes stay on the path")
                        .hasSizeGreaterThanOrEqualTo(2);

                String bobContact = "sip:" + callers.bobUser() + "@127.0.0.1:" + callee.port();
                String aliceContact = caller.contact(callers.aliceUser()).replaceAll("[<>]", "");
                caller.sendRaw(SipCallTexts.inDialog("ACK", bobContact, caller, SipCallTexts.callerRouteSet(recordRoute), REALM,
                        callers.aliceUser(), "alicetag", callers.bobUser(), "bobtag", callId, 2));
                assertThat(callee.request().method()).isEqualTo("ACK");

                SipTestClient hangsUp = calleeHangsUp ? callee : caller;
                SipTestClient hungUp = calleeHangsUp ? caller : callee;
                hangsUp.sendRaw(calleeHangsUp
                        ? SipCallTexts.inDialog("BYE", aliceContact, callee, SipCallTexts.routeSet(recordRoute), REALM,
                                callers.bobUser(), "bobtag", callers.aliceUser(), "alicetag", callId, 1)
                        : SipCallTexts.inDialog("BYE", bobContact, caller, SipCallTexts.callerRouteSet(recordRoute), REALM,
                                callers.aliceUser(), "alicetag", callers.bobUser(), "bobtag", callId, 3));
                Message bye = hungUp.request();
                assertThat(bye.method()).isEqualTo("BYE");
                TestTelcred hungUpsNode = calleeHangsUp ? node2 : node1;
                assertThat(bye.header("Via")).as("it came over the node that holds the phone's registration")
                        .contains("127.0.0.1:" + hungUpsNode.server().sip().port(Transport.UDP));
                assertThat(bye.headers("Via")).as("through both nodes").hasSize(3);
                hungUp.respond(bye, 200, "OK", null, null);
                Message byeOk = hangsUp.finalResponse();
                assertThat(byeOk.status()).isEqualTo(200);
                assertThat(byeOk.header("CSeq")).contains("BYE");
            }
        }
    }

    @Test
    void phoneOnNode2CallsABrowserOnNode1WhichAnswersAndHangsUp() {
        Callers callers = new Callers(api1);
        try (RtcTestClient browser = RtcTestClient.loggedIn(node1, callers.bob());
             SipTestClient phone = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM)) {
            assertThat(register(phone, callers.alice()).status()).isEqualTo(200);
            assertThat(within(BOUND, () -> listed(api2, callers.bobUser()).size() == 1))
                    .as("node 2 lists the browser on node 1").isTrue();
            String callId = UUID.randomUUID().toString();
            inviteWithPassword(phone, callers.alice(), callers.bobUser(), callId, PHONE_SDP);

            JsonNode incoming = browser.awaitRequest("telnyx_rtc.invite");
            assertThat(incoming.path("params").path("sdp").asText()).isEqualTo(PHONE_SDP);
            String browserCall = incoming.path("params").path("callID").asText();
            assertThat(browser.call("telnyx_rtc.answer", browser.dialogParams(browserCall).put("sdp", BROWSER_SDP))
                    .has("result")).isTrue();
            Message ok = phone.finalResponse();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(BROWSER_SDP);
            String node1Contact = ok.header("Contact").replaceAll(".*<([^>]*)>.*", "$1");
            String node1Tag = ok.header("To").replaceAll(".*;tag=", "");
            phone.sendRaw(SipCallTexts.inDialog("ACK", node1Contact, phone,
                    SipCallTexts.callerRouteSet(ok.headers("Record-Route")), REALM, callers.aliceUser(), "alicetag",
                    callers.bobUser(), node1Tag, callId, 2));

            BridgedCalls.browserHangsUp(browser, browserCall, phone, "alicetag");
        }
    }

    @Test
    void browserOnNode2CallsAPhoneRegisteredOnNode1WhichAnswersAndIsHungUp() {
        Callers callers = new Callers(api1);
        try (RtcTestClient browser = RtcTestClient.loggedIn(node2, callers.alice());
             SipTestClient phone = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM)) {
            registerAndAwaitListing(phone, callers.bob(), api2);
            String callId = UUID.randomUUID().toString();
            browser.call("telnyx_rtc.invite", browser.inviteParams(callId, callers.bobUser(), BROWSER_SDP));

            Message invite = phone.request();
            assertThat(invite.method()).isEqualTo("INVITE");
            assertThat(invite.header("From")).contains("sip:" + callers.aliceUser() + "@" + REALM);
            assertThat(invite.header("X-Telcred-Node")).isNull();
            assertThat(invite.body()).isEqualTo(BROWSER_SDP);
            phone.respond(invite, 180, "Ringing", "phonetag", null);
            assertThat(browser.awaitRequest("telnyx_rtc.ringing").path("params").path("callID").asText()).isEqualTo(callId);
            phone.respond(invite, 200, "OK", "phonetag", "Contact: " + phone.contact(callers.bobUser()) + "\r\n", PHONE_SDP);
            assertThat(browser.awaitRequest("telnyx_rtc.answer").path("params").path("sdp").asText()).isEqualTo(PHONE_SDP);
            assertThat(phone.request().method()).isEqualTo("ACK");

            BridgedCalls.browserHangsUp(browser, callId, phone, "phonetag");
        }
    }

    @Test
    void aRequestPretendingToComeFromANodeIsRefusedAndReachesNoPhone() {
        JsonNode bob = credentialUnder(api1, connection(api1).get("id").asText());
        String bobUser = bob.get("sip_username").asText();
        try (SipTestClient callee = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM);
             SipTestClient stranger = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM)) {
            assertThat(register(callee, bob).status()).isEqualTo(200);
            String invite = SipCallTexts.invite(stranger, REALM, UUID.randomUUID().toString(), 1, bobUser, bobUser, null);
            String now = Long.toString(System.currentTimeMillis() / 1000);
            for (String header : List.of("X-Telcred-Node: ts=" + now + ";mac=AAAAAAAAAAAAAAAAAAAAAA",
                    "X-Telcred-Node: ts=1;mac=AAAAAAAAAAAAAAAAAAAAAA", "X-Telcred-Node: nonsense")) {
                stranger.sendRaw(invite.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + header + "\r\n")
                        .replaceFirst("branch=z9hG4bK[^\r;]*", "branch=z9hG4bK" + UUID.randomUUID()));
                Message refused = stranger.finalResponse();
                assertThat(refused.status()).as(header).isEqualTo(403);
            }
            assertThat(callee.receive(300)).as("nothing reached the phone").isNull();
        }
    }

    @Test
    void failuresOnNode1CountTowardTheBanOnNode2WhichEveryNodeThenApplies() {
        // A loopback address of this run alone: the ban and the counts outlive it in Redis.
        java.util.Random random = new java.util.Random();
        String scanner = "127." + (10 + random.nextInt(200)) + "." + random.nextInt(250) + "." + (1 + random.nextInt(250));
        int banAfter = 20;
        List<String> names = List.of("nobody-a", "nobody-b", "nobody-c", "nobody-d");
        try (SipTestClient toNode1 = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM, scanner);
             SipTestClient toNode2 = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM, scanner)) {
            // Each node alone sees too few to ban: 12 failures on node 1, then 8 on node 2, 5 for each name in all.
            for (int i = 0; i < banAfter; i++) {
                SipTestClient phone = i < 12 ? toNode1 : toNode2;
                String name = names.get(i % names.size());
                assertThat(phone.registerWithPassword(name, "guess-" + i, phone.contact(name), "600").status())
                        .as("failure %d is answered", i + 1).isNotEqualTo(200);
            }
            assertThat(within(BOUND, () -> banned(toNode2) && banned(toNode1))).as("both nodes drop the scanner").isTrue();
        }
    }

    @Test
    void theDeviceLimitCountsTheDevicesOfEveryNode() {
        JsonNode credential = credentialUnder(api1, connection(api1).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        int limit = 10;
        try (SipTestClient toNode1 = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM);
             SipTestClient toNode2 = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM)) {
            for (int device = 0; device < 6; device++) {
                assertThat(toNode1.registerWithPassword(user, password, device(toNode1, user, device), "600").status())
                        .isEqualTo(200);
            }
            assertThat(within(BOUND, () -> listed(api2, user).size() == 6)).isTrue();
            for (int device = 6; device < limit; device++) {
                assertThat(toNode2.registerWithPassword(user, password, device(toNode2, user, device), "600").status())
                        .as("device %d of %d", device + 1, limit).isEqualTo(200);
            }
            Message refused = toNode2.registerWithPassword(user, password, device(toNode2, user, limit), "600");
            assertThat(refused.status()).as("one device more than the limit, counting node 1's").isEqualTo(403);
            assertThat(refused.startLine()).contains("Too many registrations");
            assertThat(toNode2.registerWithPassword(user, password, device(toNode2, user, limit - 1), "600").status())
                    .as("a refresh of a device held").isEqualTo(200);
        }
    }

    private static String device(SipTestClient phone, String user, int device) {
        return "<sip:" + user + "@127.0.0.1:" + phone.port() + ";device=" + device + ">";
    }

    /** Two credentials of one new connection: alice calls, bob is called. */
    private record Callers(JsonNode alice, JsonNode bob) {

        Callers(ApiClient api) {
            this(api, connection(api).get("id").asText());
        }

        private Callers(ApiClient api, String connectionId) {
            this(credentialUnder(api, connectionId), credentialUnder(api, connectionId));
        }

        String aliceUser() {
            return alice.get("sip_username").asText();
        }

        String bobUser() {
            return bob.get("sip_username").asText();
        }
    }

    /** Registers the phone as the credential, and waits until {@code api}'s node lists it. */
    private static void registerAndAwaitListing(SipTestClient phone, JsonNode credential, ApiClient api) {
        assertThat(register(phone, credential).status()).isEqualTo(200);
        String user = credential.get("sip_username").asText();
        assertThat(within(BOUND, () -> listed(api, user).size() == 1)).as("listed by the other node").isTrue();
    }

    /** The caller's INVITE to {@code callee}, challenged with 407 and sent again with the caller's password. */
    private static void inviteWithPassword(SipTestClient phone, JsonNode caller, String callee, String callId, String sdp) {
        String user = caller.get("sip_username").asText();
        phone.sendRaw(SipCallTexts.invite(phone, REALM, callId, 1, user, callee, null, sdp));
        Message challenge = phone.finalResponse();
        assertThat(challenge.status()).isEqualTo(407);
        phone.sendRaw(SipCallTexts.ackOf(challenge, callId, 1));
        phone.sendRaw(SipCallTexts.invite(phone, REALM, callId, 2, user, callee, phone.authorization(challenge,
                "Proxy-Authenticate", "MD5", user, caller.get("sip_password").asText(), "INVITE",
                "sip:" + callee + "@" + REALM, "00000001"), sdp));
    }

    /** Whether a REGISTER from this phone's address goes unanswered, as a banned address's does over UDP. */
    private static boolean banned(SipTestClient phone) {
        phone.register("nobody-a", UUID.randomUUID().toString(), phone.nextCseq(), phone.contact("nobody-a"), "600", null);
        boolean unanswered = phone.receive(100) == null;
        while (phone.receive(50) != null) {
            // a late answer to an earlier try
        }
        return unanswered;
    }

    @Test
    void apiKeyRevokedOnNode3Answers401OnNode1() {
        String account = node1.server().platform().accounts().defaultAccount().id();
        IssuedApiKey key = node1.server().platform().accounts().createApiKey(account, "cluster test");
        ApiClient withKey = node1.client(key.plaintext());
        assertThat(withKey.get("/v2/telephony_credentials").status()).isEqualTo(200);
        long start = System.nanoTime();
        assertThat(node3.server().platform().accounts().revokeApiKey(key.key().id())).isTrue();
        assertThat(within(BOUND, () -> withKey.get("/v2/telephony_credentials").status() == 401)).isTrue();
        System.out.printf("cluster: an API key revoked on node 3 was refused by node 1 %.1f ms later%n",
                (System.nanoTime() - start) / 1e6);
    }

    @Test
    void nonceOfNode1AnsweredToNode2IsStaleAndNode2sOwnNonceLetsThePhoneIn() {
        JsonNode credential = credentialUnder(api1, connection(api1).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (SipTestClient toNode1 = new SipTestClient(node1.server().sip().port(Transport.UDP), REALM);
             SipTestClient toNode2 = new SipTestClient(node2.server().sip().port(Transport.UDP), REALM)) {
            String callId = UUID.randomUUID().toString();
            toNode1.register(user, callId, toNode1.nextCseq(), toNode2.contact(user), "600", null);
            Message node1Challenge = toNode1.finalResponse();
            assertThat(node1Challenge.status()).isEqualTo(401);

            toNode2.register(user, callId, toNode2.nextCseq(), toNode2.contact(user), "600",
                    toNode2.authorization(node1Challenge, "WWW-Authenticate", "MD5", user, password, "REGISTER",
                            "sip:" + REALM, "00000001"));
            Message stale = toNode2.finalResponse();
            assertThat(stale.status()).isEqualTo(401);
            assertThat(SipTestClient.challengeParams(stale, "WWW-Authenticate", "MD5").get("stale")).isEqualToIgnoringCase("true");

            toNode2.register(user, callId, toNode2.nextCseq(), toNode2.contact(user), "600",
                    toNode2.authorization(stale, "WWW-Authenticate", "MD5", user, password, "REGISTER", "sip:" + REALM,
                            "00000001"));
            assertThat(toNode2.finalResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void nodeCutOffFromRedisIsNotReadyAndCatchesUpOnWhatItMissedAndWhatItMade() {
        String connectionId = connection(api1).get("id").asText();
        JsonNode changedElsewhere = credentialUnder(api1, connectionId);
        JsonNode changedOnNode3 = credentialUnder(api1, connectionId);
        ApiClient anonymous3 = node3.client((String) null);
        try (RtcTestClient onNode3 = RtcTestClient.loggedIn(node3, changedElsewhere);
             RtcTestClient onNode1 = RtcTestClient.loggedIn(node1, changedOnNode3)) {
            assertThat(anonymous3.get("/ready").status()).isEqualTo(200);

            relay.cut();
            long cut = System.nanoTime();
            assertThat(within(Duration.ofSeconds(5), () -> anonymous3.get("/ready").status() == 503)).isTrue();
            System.out.printf("cluster: node 3 reported Redis unreachable %.0f ms after it was cut off%n",
                    (System.nanoTime() - cut) / 1e6);
            assertThat(anonymous3.get("/ready").json().path("checks").path("redis").asText()).isEqualTo("unreachable");
            ApiClient.Response ownOnly = node3.client().get("/v2/registrations");
            assertThat(ownOnly.status()).isEqualTo(200);
            assertThat(ownOnly.raw().headers().firstValue("Warning")).hasValueSatisfying(warning ->
                    assertThat(warning).contains("this node only"));
            assertThat(api1.post("/v2/telephony_credentials/" + changedElsewhere.get("id").asText()
                    + "/actions/deactivate", "").status()).isEqualTo(200);
            assertThat(node3.client().post("/v2/telephony_credentials/" + changedOnNode3.get("id").asText()
                    + "/actions/deactivate", "").status()).isEqualTo(200);
            assertThat(onNode3.isClosed()).as("node 3 cannot have heard of the change yet").isFalse();
            assertThat(onNode1.isClosed()).as("node 1 cannot have heard of node 3's change yet").isFalse();

            relay.restore();
            long restored = System.nanoTime();
            onNode3.awaitRequest("telnyx_rtc.punt");
            onNode1.awaitRequest("telnyx_rtc.punt");
            System.out.printf("cluster: after Redis came back for node 3, both sessions deactivated meanwhile were "
                    + "punted within %.0f ms%n", (System.nanoTime() - restored) / 1e6);
            assertThat(within(Duration.ofSeconds(5), () -> anonymous3.get("/ready").status() == 200)).isTrue();
        }
    }

    private static List<JsonNode> listed(ApiClient api, String user) {
        ApiClient.Response response = api.get("/v2/registrations?filter[sip_username]=" + user);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().headers().firstValue("Warning")).isEmpty();
        List<JsonNode> bindings = new java.util.ArrayList<>();
        response.json().get("data").forEach(bindings::add);
        return bindings;
    }

    private static Map<String, String> node(String id, String redisUrl) {
        return Map.of("TELCRED_REDIS_URL", redisUrl, "TELCRED_NODE_ID", id, "TELCRED_REDIS_RECONNECT_MS", "200");
    }

    private static Message register(SipTestClient phone, JsonNode credential) {
        String user = credential.get("sip_username").asText();
        return phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600");
    }

    private static boolean within(Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
