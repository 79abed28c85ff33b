package io.telcred.main;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.PortalClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With {@code TELCRED_LOG_FORMAT=json} every log line is a JSON object, a line written while a
 * request is handled carries its request id, and no line holds a secret of the traffic.
 */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesAreJsonWithTheRequestIdAndNoSecret() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> before = encoders(root);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = capture(root, captured);
        List<String> secrets = new ArrayList<>();
        String ownerPassword = "Json-Owner-Password-" + System.nanoTime();
        secrets.add(ownerPassword);
        try {
            LogFormat.apply("json");
            try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_BOOTSTRAP_EMAIL", "json@example.com",
                    "TELCRED_BOOTSTRAP_PASSWORD", ownerPassword))) {
                secrets.add(TestTelcred.BOOTSTRAP_KEY);
                ApiClient api = telcred.client();
                String password = "Json-Connection-Password-" + System.nanoTime();
                secrets.add(password);
                api.post("/v2/credential_connections", "{\"user_name\":\"" + uniqueUserName() + "\",\"password\":\""
                        + password + "\",\"connection_name\":\"json\"}");
                JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
                String sipPassword = credential.get("sip_password").asText();
                secrets.add(sipPassword);
                String user = credential.get("sip_username").asText();
                try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), "sip.telcred.local")) {
                    assertThat(phone.registerWithPassword(user, sipPassword, phone.contact(user), "600").status()).isEqualTo(200);
                    phone.registerWithPassword(user, "Json-Wrong-SIP-Password", phone.contact(user), "600");
                    secrets.add("Json-Wrong-SIP-Password");
                }
                try (RtcTestClient browser = RtcTestClient.connect(telcred)) {
                    assertThat(browser.call("login", RtcTestClient.params().put("login", user)
                            .put("passwd", "Json-Wrong-RTC-Password")).has("error")).isTrue();
                    secrets.add("Json-Wrong-RTC-Password");
                }
                PortalClient owner = new PortalClient(telcred.baseUrl()).signIn("json@example.com", ownerPassword);
                owner.post("/users/invite", Map.of("email", "invited-json@example.com"));
            }
        } finally {
            root.detachAppender(capture);
            before.forEach(OutputStreamAppender::setEncoder);
        }

        String text = captured.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.get("level").asText()).as(line).isNotEmpty();
            assertThat(event.has("formattedMessage")).as(line).isTrue();
            lines.add(event);
        }
        JsonNode invited = lines.stream().filter(event -> event.get("formattedMessage").asText().contains("invited a"))
                .findFirst().orElseThrow();
        assertThat(invited.get("mdc").get("request_id").asText()).matches("[0-9a-f-]{36}");
        for (String secret : secrets) {
            assertThat(text).as("the log").doesNotContain(secret);
        }
    }

    private static Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> encoders(Logger root) {
        Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> encoders = new HashMap<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                encoders.put(appender, appender.getEncoder());
            }
        }
        return encoders;
    }

    private static OutputStreamAppender<ILoggingEvent> capture(Logger root, ByteArrayOutputStream into) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(root.getLoggerContext());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(root.getLoggerContext());
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        appender.setOutputStream(into);
        appender.start();
        root.addAppender(appender);
        return appender;
    }
}
