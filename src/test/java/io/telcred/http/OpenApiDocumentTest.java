package io.telcred.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code src/main/resources/openapi.json} and the server in step: the same routes both ways,
 * every documented route answers on the wire with a documented status, the document is served as
 * is, and the documented enums are exactly what the validators accept.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String CONNECTIONS = "/v2/credential_connections";
    private static final String CREDENTIALS = "/v2/telephony_credentials";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestTelcred telcred;
    private static ApiClient client;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        // With TURN on, so that its route answers with the documented object.
        telcred = TestTelcred.start(Map.of("TELCRED_TURN_SECRET", "openapi-turn-secret-0123",
                "TELCRED_TURN_URIS", "turn:turn.example.com:3478?transport=udp,stun:turn.example.com"));
        client = telcred.client();
        document = Json.parse(resource());
    }

    @AfterAll
    static void stop() {
        if (telcred != null) {
            telcred.close();
        }
    }

    @Test
    void everyImplementedRouteIsDocumented() {
        Set<String> missing = new TreeSet<>(implementedRoutes());
        missing.removeAll(documentedRoutes());
        assertThat(missing)
                .as("routes the server registers (RestServer.routes()) but openapi.json does not document: %s", missing)
                .isEmpty();
    }

    @Test
    void everyDocumentedRouteIsImplemented() {
        Set<String> extra = new TreeSet<>(documentedRoutes());
        extra.removeAll(implementedRoutes());
        assertThat(extra)
                .as("routes openapi.json documents but the server does not register (RestServer.routes()): %s", extra)
                .isEmpty();
    }

    @Test
    void publicRoutesAreTheOnlyOnesWithoutSecurity() {
        Set<String> open = telcred.server().rest().routes().stream().filter(route -> !route.authenticated())
                .map(OpenApiDocumentTest::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documentedOpen = new TreeSet<>();
        forEachOperation((method, path, operation) -> {
            JsonNode security = operation.has("security") ? operation.get("security") : document.get("security");
            if (security == null || security.isEmpty()) {
                documentedOpen.add(method + " " + path);
            }
        });
        assertThat(documentedOpen).as("operations documented without an API key").isEqualTo(open);
    }

    @Test
    void documentedRoutesAnswerOverHttp() {
        List<String> failures = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            String concrete = concretePath(path);
            boolean sendsBody = operation.has("requestBody");
            ApiClient.Response response = client.send(method, concrete, sendsBody ? "{}" : null,
                    sendsBody ? "application/json" : null);
            String what = method + " " + path + " (as " + concrete + ") answered " + response;
            if (response.status() == 405 || (response.status() == 404 && response.body().contains("There is no route"))) {
                failures.add("no such route on the wire: " + what);
                return;
            }
            JsonNode documented = operation.get("responses").get(Integer.toString(response.status()));
            if (documented == null) {
                failures.add("undocumented status: " + what);
                return;
            }
            JsonNode content = resolve(documented).get("content");
            if (content != null) {
                String mediaType = response.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (!content.has(mediaType)) {
                    failures.add("undocumented content type " + mediaType + ": " + what);
                }
            }
        });
        assertThat(failures).as("documented routes that do not answer as documented").isEmpty();
    }

    @Test
    void documentIsServedAtV2OpenapiJson() {
        ApiClient.Response response = telcred.client(null).get("/v2/openapi.json");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json()).isEqualTo(document);
        assertThat(document.get("openapi").asText()).startsWith("3.1");
        assertThat(document.get("servers")).hasSize(1);
        assertThat(document.get("servers").get(0).get("url").asText()).isEqualTo("/");
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        collectRefs(document, broken);
        assertThat(broken).as("$refs that point nowhere").isEmpty();
    }

    @Test
    void documentedEnumsMatchTheValidator() {
        String connectionId = createConnection().get("id").asText();
        String path = CONNECTIONS + "/" + connectionId;
        JsonNode patchSchema = resolve(document.at("/paths/" + escape(CONNECTIONS + "/{id}")
                + "/patch/requestBody/content/application~1json/schema"));
        JsonNode responseSchema = resolve(document.at("/components/schemas/CredentialConnection"));

        Map<String, List<String>> enums = new java.util.TreeMap<>();
        collectEnums(patchSchema, "", enums);
        assertThat(enums).containsKeys("/dtmf_type", "/anchorsite_override", "/inbound/dnis_number_format",
                "/webhook_api_version", "/inbound/codecs/-", "/outbound/t38_reinvite_source", "/rtcp_settings/port");

        List<String> failures = new ArrayList<>();
        enums.forEach((pointer, values) -> {
            List<String> inResponse = enumValues(schemaAt(responseSchema, pointer));
            if (!values.equals(inResponse)) {
                failures.add(pointer + ": the update request documents " + values + " but the object documents " + inResponse);
            }
            for (String value : values) {
                ApiClient.Response accepted = client.patch(path, patchBody(pointer, value));
                if (accepted.status() != 200) {
                    failures.add(pointer + ": documented value \"" + value + "\" was refused: " + accepted);
                } else if (!pointer.endsWith("/-") && !accepted.data().at(pointer).asText().equals(value)) {
                    failures.add(pointer + ": documented value \"" + value + "\" was not stored: " + accepted);
                }
            }
            ApiClient.Response refused = client.patch(path, patchBody(pointer, "not-a-documented-value"));
            String expectedPointer = pointer.endsWith("/-") ? pointer.substring(0, pointer.length() - 1) + "0" : pointer;
            if (refused.status() != 422 || !expectedPointer.equals(refused.error().at("/source/pointer").asText())) {
                failures.add(pointer + ": an undocumented value was not refused with 422 at " + expectedPointer + ": " + refused);
            }
        });

        JsonNode listParameters = document.at("/paths/" + escape(CREDENTIALS) + "/get/parameters");
        List<String> statuses = enumValues(resolve(parameter(listParameters, "filter[status]").get("schema")));
        assertThat(statuses).containsExactlyInAnyOrder("active", "inactive", "expired");
        for (String status : statuses) {
            ApiClient.Response response = client.get(CREDENTIALS + "?filter[status]=" + status);
            if (response.status() != 200) {
                failures.add("filter[status]=" + status + " was refused: " + response);
            }
        }
        // A bad query parameter is a 400 (source.parameter), not a 422.
        ApiClient.Response badStatus = client.get(CREDENTIALS + "?filter[status]=retired");
        if (badStatus.status() != 400 || !"filter[status]".equals(badStatus.error().at("/source/parameter").asText())) {
            failures.add("filter[status]=retired was not refused with 400: " + badStatus);
        }

        JsonNode connectionParameters = document.at("/paths/" + escape(CONNECTIONS) + "/get/parameters");
        JsonNode sortSchema = resolve(parameter(connectionParameters, "sort").get("schema"));
        for (String sort : enumValues(sortSchema)) {
            ApiClient.Response response = client.get(CONNECTIONS + "?sort=" + sort);
            if (response.status() != 200) {
                failures.add("sort=" + sort + " was refused: " + response);
            }
        }
        if (client.get(CONNECTIONS + "?sort=user_name").status() != 400) {
            failures.add("sort=user_name was not refused with 400");
        }
        assertThat(sortSchema.get("default").asText()).isEqualTo("-created_at");
        assertThat(failures).as("documented enums that differ from what the server accepts").isEmpty();
    }

    @Test
    void documentedObjectsMatchWhatTheServerReturns() {
        JsonNode connection = createConnection();
        List<String> failures = new ArrayList<>();
        compareWithSchema(document.at("/components/schemas/CredentialConnection"), connection, "connection", failures);
        ApiClient.Response credential = client.post(CREDENTIALS, "{\"connection_id\":\"" + connection.get("id").asText() + "\"}");
        assertThat(credential.status()).as(credential.body()).isEqualTo(201);
        compareWithSchema(document.at("/components/schemas/Credential"), credential.data(), "credential", failures);
        if (documentedRoutes().contains("POST " + CONNECTIONS + "/{id}/actions/check_registration_status")) {
            ApiClient.Response status = client.post(CONNECTIONS + "/" + connection.get("id").asText()
                    + "/actions/check_registration_status", null);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            compareWithSchema(document.at("/components/schemas/RegistrationStatus"), status.data(), "registration_status", failures);
        }
        ApiClient.Response turn = client.post("/v2/turn_credentials", null);
        assertThat(turn.status()).as(turn.body()).isEqualTo(201);
        compareWithSchema(document.at("/components/schemas/TurnCredential"), turn.data(), "turn_credential", failures);
        compareWithSchema(document.at("/components/schemas/IceServer"), turn.data().at("/ice_servers/0"),
                "turn_credential/ice_servers/0", failures);
        assertThat(failures).as("documented fields and defaults that differ from new objects").isEmpty();
    }

    @Test
    void documentedPageSizeMatchesTheServer() {
        JsonNode pageSize = resolve(document.at("/components/parameters/PageSize/schema"));
        int max = pageSize.get("maximum").asInt();
        assertThat(pageSize.get("default").asInt()).isEqualTo(QueryParams.DEFAULT_PAGE_SIZE);
        assertThat(client.get(CREDENTIALS + "?page[size]=" + max).status()).isEqualTo(200);
        assertThat(client.get(CREDENTIALS + "?page[size]=" + (max + 1)).status()).isEqualTo(400);
        assertThat(client.get(CREDENTIALS).json().at("/meta/page_size").asInt()).isEqualTo(QueryParams.DEFAULT_PAGE_SIZE);
    }

    // ---- routes ----

    private static Set<String> implementedRoutes() {
        return telcred.server().rest().routes().stream().map(OpenApiDocumentTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " " + route.path();
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        forEachOperation((method, path, operation) -> routes.add(method + " " + path));
        return routes;
    }

    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> members = path.getValue().fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                if (HTTP_METHODS.contains(member.getKey())) {
                    visitor.visit(member.getKey().toUpperCase(Locale.ROOT), path.getKey(), member.getValue());
                }
            }
        }
    }

    /** The path with its {id} replaced by a fresh resource's id, so each request acts on its own object. */
    private static String concretePath(String path) {
        // A call action's name: one that exists, for a call that does not.
        path = path.replace("{action}", "hangup");
        if (!path.contains("{id}")) {
            return path;
        }
        if (path.startsWith(CONNECTIONS + "/")) {
            return path.replace("{id}", createConnection().get("id").asText());
        }
        if (path.startsWith(CREDENTIALS + "/")) {
            String connectionId = createConnection().get("id").asText();
            ApiClient.Response credential = client.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}");
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            return path.replace("{id}", credential.data().get("id").asText());
        }
        return path.replace("{id}", UUID.randomUUID().toString());
    }

    private static JsonNode createConnection() {
        String userName = "openapi" + System.nanoTime() % 1_000_000_000L + SEQUENCE.incrementAndGet();
        ApiClient.Response response = client.post(CONNECTIONS, "{\"user_name\":\"" + userName
                + "\",\"password\":\"correct-horse-1\",\"connection_name\":\"OpenAPI\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.data();
    }

    // ---- the document ----

    private static String resource() {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(PublicRoutes.OPENAPI_RESOURCE)) {
            assertThat(in).as("resource " + PublicRoutes.OPENAPI_RESOURCE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows local {@code $ref}s, and the schema half of a 3.1 {@code anyOf: [schema, {type: null}]}. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 10; depth++) {
            if (current.has("$ref")) {
                String ref = current.get("$ref").asText();
                assertThat(ref).startsWith("#/");
                current = document.at(ref.substring(1));
                assertThat(current.isMissingNode()).as("$ref " + ref).isFalse();
            } else if (current.has("anyOf")) {
                JsonNode nonNull = null;
                for (JsonNode option : current.get("anyOf")) {
                    if (!"null".equals(option.path("type").asText())) {
                        nonNull = option;
                    }
                }
                current = nonNull;
            } else {
                return current;
            }
        }
        throw new AssertionError("$ref chain too long at " + node);
    }

    private static void collectRefs(JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                broken.add(ref.asText());
            }
        }
        node.forEach(child -> collectRefs(child, broken));
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            JsonNode resolved = resolve(parameter);
            if (name.equals(resolved.path("name").asText())) {
                return resolved;
            }
        }
        throw new AssertionError("parameter " + name + " is not documented");
    }

    /** Every string enum of a request schema, by JSON pointer ({@code /inbound/codecs/-} for array items). */
    private static void collectEnums(JsonNode schema, String pointer, Map<String, List<String>> enums) {
        JsonNode resolved = resolve(schema);
        List<String> values = enumValues(resolved);
        if (!values.isEmpty()) {
            enums.put(pointer, values);
        }
        if (resolved.has("items")) {
            collectEnums(resolved.get("items"), pointer + "/-", enums);
        }
        if (resolved.has("properties")) {
            resolved.get("properties").fields()
                    .forEachRemaining(property -> collectEnums(property.getValue(), pointer + "/" + property.getKey(), enums));
        }
    }

    /** The string values of a schema's enum (a documented null is left out). */
    private static List<String> enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        if (schema != null) {
            schema.path("enum").forEach(value -> {
                if (!value.isNull()) {
                    values.add(value.asText());
                }
            });
        }
        return values;
    }

    private static JsonNode schemaAt(JsonNode schema, String pointer) {
        JsonNode current = resolve(schema);
        for (String part : pointer.substring(1).split("/")) {
            current = resolve(part.equals("-") ? current.get("items") : current.path("properties").path(part));
        }
        return current;
    }

    /** {@code {"inbound":{"dnis_number_format":value}}} for {@code /inbound/dnis_number_format}; arrays get one item. */
    private static String patchBody(String pointer, String value) {
        String[] parts = pointer.substring(1).split("/");
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode parent = body;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i + 1].equals("-")) {
                parent.putArray(parts[i]).add(value);
                return Json.write(body);
            }
            parent = parent.putObject(parts[i]);
        }
        parent.put(parts[parts.length - 1], value);
        return Json.write(body);
    }

    /** Same members both ways, every member of a required list present, and defaults equal to a new object's values. */
    private static void compareWithSchema(JsonNode schema, JsonNode actual, String pointer, List<String> failures) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("default") && !resolved.get("default").equals(actual)) {
            failures.add(pointer + ": documented default " + resolved.get("default") + ", a new object has " + actual);
        }
        if (!resolved.has("properties")) {
            return;
        }
        JsonNode properties = resolved.get("properties");
        properties.fields().forEachRemaining(property -> {
            if (actual.has(property.getKey())) {
                compareWithSchema(property.getValue(), actual.get(property.getKey()), pointer + "/" + property.getKey(), failures);
            } else {
                failures.add(pointer + "/" + property.getKey() + ": documented but missing from a new object");
            }
        });
        actual.fieldNames().forEachRemaining(name -> {
            if (!properties.has(name)) {
                failures.add(pointer + "/" + name + ": returned but not documented");
            }
        });
        resolved.path("required").forEach(name -> {
            if (!properties.has(name.asText())) {
                failures.add(pointer + ": required member " + name.asText() + " has no schema");
            }
        });
    }
}
