package io.geomatch.examples.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.policy.Moderation;
import io.geomatch.examples.service.policy.RequestRules;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code openapi.json} honest: it parses, every documented operation is served by a real
 * {@link ApiServer}, every served route is documented, and every {@code $ref} resolves.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    /** The routes of {@link ApiServer}, read from its source: method and path template. */
    private static final Set<String> SERVER_ROUTES = Set.of(
        "GET /v1/openapi.json",
        "POST /v1/agencies",
        "GET /v1/agencies/{}/requests",
        "POST /v1/owners",
        "POST /v1/owners/{}/devices",
        "POST /v1/owners/{}/opt-out",
        "POST /v1/owners/{}/opt-in",
        "POST /v1/devices/{}/clips",
        "POST /v1/requests",
        "GET /v1/requests/{}",
        "POST /v1/requests/{}/resolve",
        "GET /v1/requests/{}/evidence",
        "GET /v1/requests/{}/deliveries",
        "POST /v1/requests/{}/responses",
        "GET /v1/feed",
        "GET /v1/audit/verify",
        "GET /v1/audit/key",
        "GET /v1/audit/sth",
        "GET /v1/audit/inclusion",
        "GET /v1/audit/consistency",
        "GET /v1/audit/entries",
        "GET /v1/transparency");

    @TempDir
    static Path dir;
    private static CommunityService service;
    private static ApiServer server;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            doc = JSON.readTree(in);
        }
        service = CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false));
        server = ApiServer.start(service, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void parsesAsOpenApi30() {
        assertThat(doc.isObject()).isTrue();
        assertThat(doc.path("openapi").asText()).startsWith("3.0");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("geomatch community-request service");
        assertThat(doc.path("info").path("version").asText()).isEqualTo("0.1.0");
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo("http://127.0.0.1:8080");
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        JsonNode error = doc.path("components").path("schemas").path("Error").path("properties").path("error");
        assertThat(fieldNames(error.path("properties"))).containsExactlyInAnyOrder("code", "field", "message");
        assertThat(error.path("properties").path("field").path("nullable").asBoolean()).isTrue();
    }

    @Test
    void documentsExactlyTheServerRoutes() {
        Set<String> documented = new TreeSet<>();
        for (Operation op : operations()) {
            documented.add(op.method.toUpperCase(java.util.Locale.ROOT) + " " + op.path.replaceAll("\\{[^}]+}", "{}"));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(SERVER_ROUTES);
    }

    @Test
    void everyDocumentedOperationIsServed() throws Exception {
        String operator = service.newOperatorToken();
        assertThat(operator).isNotNull();
        for (Operation op : operations()) {
            for (String token : new String[] {null, operator}) {
                HttpResponse<String> resp = send(op, token);
                String what = op.method.toUpperCase(java.util.Locale.ROOT) + " " + op.path + (token == null ? "" : " as operator")
                    + " -> " + resp.statusCode() + " " + resp.body();
                assertThat(resp.statusCode()).as(what).isNotEqualTo(405);
                if (resp.statusCode() == 404) {
                    JsonNode error = JSON.readTree(resp.body()).path("error");
                    assertThat(error.path("code").asText()).as(what).isEqualTo("not-found");
                    assertThat(error.path("message").asText()).as(what).doesNotStartWith("no endpoint");
                }
                assertThat(fieldNames(op.node.path("responses"))).as(what + ": status documented")
                    .contains(String.valueOf(resp.statusCode()));
            }
        }
    }

    @Test
    void noAuthOnlyWhereDocumented() {
        Set<String> open = new TreeSet<>();
        for (Operation op : operations()) {
            JsonNode security = op.node.path("security");
            assertThat(security.isArray()).as(op.path + " declares security").isTrue();
            if (security.isEmpty()) {
                open.add(op.method + " " + op.path);
            } else {
                for (JsonNode requirement : security) {
                    for (String scheme : fieldNames(requirement)) {
                        assertThat(doc.path("components").path("securitySchemes").has(scheme)).as(op.path + " " + scheme).isTrue();
                    }
                }
                assertThat(fieldNames(op.node.path("responses"))).as(op.path).contains("401");
            }
            assertThat(op.node.path("summary").asText()).as(op.path).isNotBlank();
            assertThat(op.node.path("description").asText()).as(op.path).containsIgnoringCase("role");
        }
        assertThat(open).containsExactlyInAnyOrder("get /v1/openapi.json", "get /v1/agencies/{agencyId}/requests", "get /v1/audit/key",
            "get /v1/audit/sth", "get /v1/audit/inclusion", "get /v1/audit/consistency", "get /v1/transparency");
    }

    @Test
    void requestBodiesAreStrictObjects() {
        for (Operation op : operations()) {
            JsonNode body = op.node.path("requestBody");
            if (body.isMissingNode()) {
                continue;
            }
            JsonNode schema = resolve(body.path("content").path("application/json").path("schema").path("$ref").asText());
            assertThat(schema).as(op.path).isNotNull();
            assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                .as(op.path + " additionalProperties false").isTrue();
            assertThat(schema.path("required").isArray() && !schema.path("required").isEmpty()).as(op.path + " required").isTrue();
            for (JsonNode name : schema.path("required")) {
                assertThat(schema.path("properties").has(name.asText())).as(op.path + " " + name).isTrue();
            }
        }
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(resolve(ref)).as(ref).isNotNull();
        }
        for (Operation op : operations()) {
            for (Map.Entry<String, JsonNode> r : op.node.path("responses").properties()) {
                JsonNode schema = r.getValue().path("content").path("application/json").path("schema");
                assertThat(schema.has("$ref")).as(op.path + " " + r.getKey() + " has a schema $ref").isTrue();
                assertThat(resolve(schema.path("$ref").asText())).as(op.path + " " + r.getKey()).isNotNull();
            }
        }
    }

    @Test
    void filingDocumentsEveryRuleCode() throws IllegalAccessException {
        String description = doc.path("paths").path("/v1/requests").path("post").path("description").asText();
        String refusals = doc.path("paths").path("/v1/requests").path("post").path("responses").path("422").path("description").asText();
        List<String> codes = new ArrayList<>();
        for (Field f : RequestRules.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("CASE_NUMBER_PUNCTUATION")) {
                codes.add((String) f.get(null));
            }
        }
        assertThat(codes).hasSizeGreaterThan(15);
        for (String code : codes) {
            assertThat(description).as(code).contains("`" + code + "`");
            assertThat(refusals).as(code).contains("`" + code + "`");
        }
        for (Moderation.Rule rule : Moderation.rules()) {
            assertThat(description).as(rule.code()).contains("`" + rule.code() + "`").contains(rule.summary());
            assertThat(refusals).as(rule.code()).contains("`" + rule.code() + "`");
        }
        assertThat(description).contains("`case-limit`", "`rate-limited`");
    }

    // ---------------------------------------------------------------- helpers

    private record Operation(String method, String path, JsonNode node) {
    }

    private static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> o : p.getValue().properties()) {
                if (METHODS.contains(o.getKey())) {
                    out.add(new Operation(o.getKey(), p.getKey(), o.getValue()));
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static HttpResponse<String> send(Operation op, String token) throws IOException, InterruptedException {
        String path = op.path.replaceAll("\\{[^}]+}", "x");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        String method = op.method.toUpperCase(java.util.Locale.ROOT);
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        // A connection of its own per call: many of these calls are refused before their body is read, after which the
        // server may drop the connection once it has answered; a pooled connection would then fail the next call.
        HttpClient once = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return once.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collectRefs(item, out);
            }
        }
    }

    /** @return the node a local {@code #/...} reference points at, or null */
    private static JsonNode resolve(String ref) {
        if (ref == null || !ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = doc.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
