package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.json.Json;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad input gets a clear error in the envelope and changes nothing. */
class BadInputTest {

    private static final String CREDENTIALS = "/v2/telephony_credentials";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static String connectionId;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        api = telcred.newAccountClient("bad input");
        connectionId = connection(api).get("id").asText();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void malformedJsonIsBadRequestAndCreatesNothing() {
        for (String body : List.of("{", "{\"connection_id\":}", "not json", "{\"a\":1}}", "{'connection_id':'1'}",
                "{\"connection_id\":\"" + connectionId + "\",\"connection_id\":\"1\"}")) {
            Response response = api.post(CREDENTIALS, body);
            assertRefused(response, 400, "10015");
        }
        assertNothingCreated();
    }

    @Test
    void bodyThatIsNotAnObjectIsBadRequest() {
        for (String body : List.of("[]", "[{\"connection_id\":\"1\"}]", "42", "\"text\"", "true")) {
            assertRefused(api.post(CREDENTIALS, body), 400, "10015");
        }
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        assertRefused(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"name\":" + nested + "}"), 400, "10015");
    }

    @Test
    void wrongTypesAreRefusedWithPointer() {
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":true}"), "/connection_id");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":{\"id\":1}}"), "/connection_id");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"name\":123}"), "/name");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"tag\":[\"a\"]}"), "/tag");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":1893456000}"), "/expires_at");
        assertPointer(api.post("/v2/credential_connections", "{\"user_name\":\"abcd1234x\",\"password\":\"password1\","
                + "\"connection_name\":\"x\",\"active\":\"yes\"}"), "/active");
        assertPointer(api.post("/v2/credential_connections", "{\"user_name\":12345678,\"password\":\"password1\",\"connection_name\":\"x\"}"),
                "/user_name");
        assertPointer(api.patch("/v2/credential_connections/" + connectionId, "{\"inbound\":{\"timeout_1xx_secs\":\"soon\"}}"),
                "/inbound/timeout_1xx_secs");
        assertNothingCreated();
    }

    @Test
    void hugeValuesAreRefused() {
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"name\":\"" + "n".repeat(10_000) + "\"}"), "/name");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + "9".repeat(500) + "\"}"), "/connection_id");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":" + "9".repeat(40) + "}"), "/connection_id");
        assertNothingCreated();
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        Response response = api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"name\":\"" + "x".repeat(200_000) + "\"}");
        assertRefused(response, 413, "10015");
        assertNothingCreated();
    }

    @Test
    void controlCharactersAreRefused() {
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"name\":\"a\\u0000b\"}"), "/name");
        assertPointer(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\",\"tag\":\"line\\nbreak\"}"), "/tag");
        assertNothingCreated();
    }

    @Test
    void invalidUtf8IsBadRequestAndCreatesNothing() {
        byte[] prefix = ("{\"connection_id\":\"" + connectionId + "\",\"name\":\"Zo").getBytes(StandardCharsets.UTF_8);
        // A lone continuation byte, an overlong '/', a truncated sequence, an encoded surrogate.
        for (byte[] bad : List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            byte[] body = ByteBuffer.allocate(prefix.length + bad.length + 2).put(prefix).put(bad)
                    .put("\"}".getBytes(StandardCharsets.UTF_8)).array();
            Response response = rawPost(CREDENTIALS, body);
            assertRefused(response, 400, "10015");
            assertThat(response.error().get("detail").asText()).contains("UTF-8");
        }
        assertNothingCreated();
    }

    @Test
    void oversizedHeadersGetTheErrorEnvelope() throws Exception {
        String answer = rawHttp("GET /v2/telephony_credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "a".repeat(100_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
        assertJsonEnvelope(answer, "10015");
    }

    @Test
    void aUriJettyCannotReadGetsTheErrorEnvelope() throws Exception {
        String answer = rawHttp("GET /v2/telephony_credentials/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertJsonEnvelope(answer, "10015");
    }

    @Test
    void unicodeIsStoredAndReturnedIntact() {
        ApiClient tenant = telcred.newAccountClient("unicode");
        String conn = connection(tenant).get("id").asText();
        String name = "Zoë 中文 🎧 Ağent";
        Response created = tenant.post(CREDENTIALS, Json.write(Json.MAPPER.createObjectNode()
                .put("connection_id", conn).put("name", name).put("tag", "équipe-🎧")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode read = tenant.get(CREDENTIALS + "/" + created.data().get("id").asText()).data();
        assertThat(read.get("name").asText()).isEqualTo(name);
        assertThat(tenant.get(CREDENTIALS + "?filter[tag]=%C3%A9quipe-%F0%9F%8E%A7").data()).hasSize(1);
        assertThat(tenant.get(CREDENTIALS + "/tags").data().get(0).get("tag").asText()).isEqualTo("équipe-🎧");
    }

    @Test
    void sqlMetacharactersAreJustText() {
        ApiClient tenant = telcred.newAccountClient("sql");
        String conn = connection(tenant).get("id").asText();
        String name = "x'); DROP TABLE telephony_credentials; --";
        Response created = tenant.post(CREDENTIALS, Json.write(Json.MAPPER.createObjectNode()
                .put("connection_id", conn).put("name", name).put("tag", "%' OR '1'='1")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(tenant.get(CREDENTIALS + "/" + created.data().get("id").asText()).data().get("name").asText()).isEqualTo(name);
        assertThat(tenant.get(CREDENTIALS + "?filter[tag]=%25%27%20OR%20%271%27%3D%271").data()).hasSize(1);
        assertThat(tenant.get(CREDENTIALS + "?filter[tag]=%27%20OR%201%3D1%20--").data()).isEmpty();
        assertThat(tenant.get(CREDENTIALS + "?filter[name]=%25").data()).isEmpty();
        assertThat(tenant.get("/v2/credential_connections?filter[connection_name][contains]=%27%20OR%201%3D1").data()).isEmpty();
        assertThat(tenant.get("/v2/credential_connections?filter[connection_name][contains]=_").data()).isEmpty();
        assertThat(tenant.get(CREDENTIALS).json().at("/meta/total_results").intValue()).isEqualTo(1);
    }

    @Test
    void badPageNumbersAndSizesAreRefused() {
        for (String query : List.of("page[number]=0", "page[number]=-1", "page[number]=abc", "page[number]=1.5",
                "page[number]=99999999999999999999", "page[size]=0", "page[size]=251", "page[size]=-5", "page%5Bsize%5D=1000")) {
            Response response = api.get(CREDENTIALS + "?" + query);
            assertRefused(response, 400, "10015");
            assertThat(response.error().at("/source/parameter").asText()).as(query).startsWith("page[");
        }
    }

    @Test
    void hugeButValidPageNumberIsAnEmptyPage() {
        Response response = api.get(CREDENTIALS + "?page[number]=2147483647&page[size]=250");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data()).isEmpty();
        assertThat(response.json().at("/meta/page_number").intValue()).isEqualTo(2147483647);
    }

    @Test
    void unknownRouteIsNotFoundInTheEnvelope() {
        Response response = api.get("/v2/telephony_credentialz");
        assertRefused(response, 404, "10005");
        assertRefused(telcred.client(null).get("/nothing/here"), 404, "10005");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        assertRefused(api.send("PUT", CREDENTIALS, "{}", "application/json"), 405, "10015");
        assertRefused(api.send("DELETE", CREDENTIALS, null, null), 405, "10015");
    }

    @Test
    void nonJsonContentTypeIsUnsupported() {
        assertRefused(api.send("POST", CREDENTIALS, "connection_id=1", "application/x-www-form-urlencoded"), 415, "10014");
        assertRefused(api.send("POST", CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}", "text/plain"), 415, "10014");
        assertNothingCreated();
    }

    @Test
    void jsonContentTypeWithEmptyBodyMeansAnEmptyObject() {
        Response response = api.send("POST", CREDENTIALS, "", "application/json");
        assertRefused(response, 422, "10004");
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/connection_id");
    }

    @Test
    void jsonWithCharsetIsAccepted() {
        Response response = api.send("POST", CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}", "application/json; charset=utf-8");
        assertThat(response.status()).isEqualTo(201);
        api.delete(CREDENTIALS + "/" + response.data().get("id").asText());
    }

    private static void assertPointer(Response response, String pointer) {
        assertRefused(response, 422, null);
        assertThat(response.error().at("/source/pointer").asText()).as(response.body()).isEqualTo(pointer);
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode error = response.error();
        if (code != null) {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
        assertThat(error.get("code").isTextual()).isTrue();
        assertThat(error.get("title").asText()).isNotBlank();
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at io.", "at org.", "SQL", "jdbc", "h2", "org.postgresql");
    }

    /** A POST of exactly these bytes as JSON. */
    private static Response rawPost(String path, byte[] body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(telcred.baseUrl() + path))
                    .header("Authorization", "Bearer " + TestTelcred.BOOTSTRAP_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes no HTTP client library would, and reads the answer until the server closes or 5 s pass. */
    private static String rawHttp(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", telcred.server().httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | SocketException e) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether a raw answer holds its whole body (by Content-Length). */
    private static boolean complete(String answer) {
        int headerEnd = answer.indexOf("\r\n\r\n");
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(answer.substring(0, headerEnd));
        return length.find() && answer.length() - headerEnd - 4 >= Integer.parseInt(length.group(1));
    }

    private static void assertJsonEnvelope(String answer, String code) {
        int headerEnd = answer.indexOf("\r\n\r\n");
        assertThat(headerEnd).as(answer).isPositive();
        assertThat(answer.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        JsonNode error = Json.parse(answer.substring(headerEnd + 4)).get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(answer).doesNotContain("<html", "Exception");
    }

    private static void assertNothingCreated() {
        assertThat(api.get(CREDENTIALS).json().at("/meta/total_results").intValue()).isZero();
    }
}
