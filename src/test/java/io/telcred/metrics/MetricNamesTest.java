package io.telcred.metrics;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after some traffic of every door shows exactly the metrics the README lists
 * (by their Prometheus names), beside the database pool's and the JVM's, with the values the
 * traffic made.
 */
class MetricNamesTest {

    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE);
    private static final Pattern README_ROW = Pattern.compile("^\\| `(telcred_[a-z_]+)` \\|", Pattern.MULTILINE);

    private static TestTelcred telcred;
    private static String scrape;

    @BeforeAll
    static void traffic() {
        telcred = TestTelcred.start(Map.of());
        ApiClient api = telcred.client();
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        api.get("/v2/telephony_credentials/" + credential.get("id").asText());
        api.get("/v2/no_such_route");
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), "sip.telcred.local")) {
            assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                    .status()).isEqualTo(200);
        }
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, credential)) {
            Response metrics = telcred.client(null).get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
            scrape = metrics.body();
        }
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void exposedNamesAreTheReadmesList() throws IOException {
        Set<String> exposed = new TreeSet<>();
        Matcher type = TYPE_LINE.matcher(scrape);
        while (type.find()) {
            if (type.group(1).startsWith("telcred_")) {
                exposed.add(type.group(1));
            }
        }
        assertThat(exposed).containsExactlyElementsOf(documented());
    }

    @Test
    void poolAndJvmMetricsAreThere() {
        assertThat(scrape).contains("\nhikaricp_connections_active{", "\njvm_memory_used_bytes{", "\njvm_gc_",
                "\njvm_threads_live_threads ", "\nprocess_cpu_usage ", "\nprocess_uptime_seconds ");
    }

    @Test
    void trafficIsCountedUnderItsTags() {
        assertThat(scrape).contains("telcred_sip_requests_total{direction=\"in\",method=\"REGISTER\"} 2.0",
                "telcred_sip_responses_total{class=\"4xx\",direction=\"out\"} ",
                "telcred_sip_responses_total{class=\"2xx\",direction=\"out\"} ",
                "telcred_authentications_total{door=\"sip\",outcome=\"accepted\"} 1.0",
                "telcred_authentications_total{door=\"rtc\",outcome=\"accepted\"} 1.0",
                "telcred_rtc_sessions 1.0",
                "telcred_bindings 2.0",
                "telcred_http_requests_seconds_count{method=\"GET\",route=\"/v2/telephony_credentials/{id}\",status=\"2xx\"} 1",
                "telcred_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"4xx\"} 1",
                "telcred_http_requests_seconds_bucket{method=\"POST\",route=\"/v2/credential_connections\",status=\"2xx\",le=\"10.0\"} 1");
    }

    @Test
    void metricsCanBeKeptToSomeNetworksOrSwitchedOff() {
        try (TestTelcred elsewhere = TestTelcred.start(Map.of("TELCRED_METRICS_NETWORKS", "10.0.0.0/8"))) {
            assertThat(elsewhere.client(null).get("/metrics").status()).isEqualTo(403);
        }
        try (TestTelcred off = TestTelcred.start(Map.of("TELCRED_METRICS_ENABLED", "false"))) {
            assertThat(off.client(null).get("/metrics").status()).isEqualTo(404);
            assertThat(off.client(null).get("/ready").status()).isEqualTo(200);
        }
    }

    /** The metric names of the README's "Metrics and health" table. */
    private static Set<String> documented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Metrics and health");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Set<String> names = new TreeSet<>();
        Matcher row = README_ROW.matcher(section);
        while (row.find()) {
            names.add(row.group(1));
        }
        assertThat(names).isNotEmpty();
        return names;
    }
}
