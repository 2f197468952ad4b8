package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.sim.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;

/** A small JSON client for the service's HTTP API, for the end-to-end tests. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** A response: status and parsed JSON body (or null if empty). */
    record Reply(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
        String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        String errorField() {
            return body == null ? null : body.path("error").path("field").asText(null);
        }
    }

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Reply post(String path, String token, Object body) {
        try {
            return send("POST", path, token, body == null ? "" : JSON.writeValueAsString(body), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply raw(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType);
    }

    private Reply send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // The server closes a connection after answering a request it refused before reading the
                // body; a pooled connection it closed gives the next call no bytes at all. A careful client
                // (a browser does the same) sends such a call again once, on a new connection.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
            JsonNode node = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Reply(r.statusCode(), node, r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ bodies

    static ObjectNode agency(String name, String domain, String kind, String jurisdictionGeoJson, String verifier) {
        ObjectNode n = JSON.createObjectNode().put("name", name).put("emailDomain", domain).put("kind", kind).put("verifiedBy", verifier);
        n.set("jurisdiction", parse(jurisdictionGeoJson));
        return n;
    }

    static ObjectNode device(String id, double lat, double lon, boolean e2ee, KeyPair key) {
        return JSON.createObjectNode().put("id", id).put("lat", lat).put("lon", lon).put("type", "doorbell").put("e2ee", e2ee)
            .put("retentionDays", 30).put("publicKey", Signatures.encode(key.getPublic()));
    }

    static ObjectNode clip(String deviceId, KeyPair key, long start, long end, byte[] content) {
        return JSON.createObjectNode().put("start", start).put("end", end)
            .put("contentBase64", Base64.getEncoder().encodeToString(content))
            .put("signature", Base64.getEncoder().encodeToString(Signatures.sign(key.getPrivate(), deviceId, start, end, content)));
    }

    static ObjectNode request(String areaGeoJson, long from, long to, String caseNumber, String description) {
        ObjectNode n = JSON.createObjectNode().put("from", from).put("to", to).put("incidentType", "burglary")
            .put("caseNumber", caseNumber).put("contact", "Det. Test, 555-0100").put("description", description);
        n.set("area", parse(areaGeoJson));
        return n;
    }

    static String square(double lat, double lon, double squareMiles) {
        return Simulator.square(lat, lon, squareMiles);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
