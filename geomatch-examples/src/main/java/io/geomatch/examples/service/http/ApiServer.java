package io.geomatch.examples.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API of a {@link CommunityService}: JSON over HTTP on the JDK's {@link HttpServer}.
 * The routes are those of {@code /v1/openapi.json}. Thread-safe; requests run on a small pool.
 */
public final class ApiServer implements AutoCloseable {
    /** The largest request body accepted, bytes: 2 MiB (a 1 MiB clip in base64 fits). */
    public static final int MAX_BODY_BYTES = 2 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "([A-Za-z0-9._-]{1,80})";

    private final CommunityService service;
    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Route> routes;
    private final byte[] openApi;

    private ApiServer(CommunityService service, HttpServer server) {
        this.service = service;
        this.server = server;
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "geomatch-http");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.routes = List.of(
            new Route("GET", "/v1/openapi\\.json", (x, m) -> raw(x, 200, openApi)),
            new Route("POST", "/v1/agencies", (x, m) -> {
                Principal p = caller(x, OPERATOR);
                JsonBody b = body(x, Set.of("name", "emailDomain", "kind", "jurisdiction", "verifiedBy"));
                send(x, 201, service.createAgency(p, new Api.AgencyForm(b.string("name", true), b.string("emailDomain", true),
                    b.string("kind", true), b.geometry("jurisdiction", true, Integer.MAX_VALUE), b.string("verifiedBy", true))));
            }),
            new Route("GET", "/v1/agencies/" + ID + "/requests", (x, m) -> send(x, 200, Map.of("requests", service.publicLog(m.group(1))))),
            new Route("POST", "/v1/owners", (x, m) -> {
                Principal p = caller(x, OPERATOR);
                JsonBody b = body(x, Set.of("name", "email"));
                send(x, 201, service.createOwner(p, b.string("name", true), b.string("email", true)));
            }),
            new Route("POST", "/v1/owners/" + ID + "/devices", (x, m) -> {
                Principal p = caller(x, OPERATOR_OR_OWNER);
                JsonBody b = body(x, Set.of("id", "lat", "lon", "type", "e2ee", "retentionDays", "publicKey"));
                send(x, 201, service.addDevice(p, m.group(1), new Api.DeviceForm(b.string("id", true), b.number("lat"), b.number("lon"),
                    b.string("type", true), b.bool("e2ee", false), b.integer("retentionDays"), b.string("publicKey", true))));
            }),
            new Route("POST", "/v1/owners/" + ID + "/opt-out", (x, m) -> {
                service.setOptedOut(caller(x), m.group(1), true);
                send(x, 200, Map.of("ownerId", m.group(1), "optedOut", true));
            }),
            new Route("POST", "/v1/owners/" + ID + "/opt-in", (x, m) -> {
                service.setOptedOut(caller(x), m.group(1), false);
                send(x, 200, Map.of("ownerId", m.group(1), "optedOut", false));
            }),
            new Route("POST", "/v1/devices/" + ID + "/clips", (x, m) -> {
                Principal p = caller(x, OWNER);
                JsonBody b = body(x, Set.of("start", "end", "contentBase64", "signature", "sha256"));
                send(x, 201, service.uploadClip(p, m.group(1), new Api.ClipForm(b.instant("start"), b.instant("end"),
                    b.base64("contentBase64"), b.base64("signature")), b.string("sha256", false)));
            }),
            new Route("POST", "/v1/requests", (x, m) -> {
                Principal p = caller(x, AGENCY);
                JsonBody b = body(x, Set.of("area", "from", "to", "incidentType", "caseNumber", "contact", "description"));
                send(x, 202, service.fileRequest(p, new Api.RequestForm(b.geometry("area", false, Integer.MAX_VALUE), b.instant("from"), b.instant("to"),
                    b.string("incidentType", false), b.string("caseNumber", false), b.string("contact", false), b.string("description", false))));
            }),
            new Route("GET", "/v1/requests/" + ID, (x, m) -> send(x, 200, service.request(caller(x), m.group(1)))),
            new Route("POST", "/v1/requests/" + ID + "/resolve", (x, m) -> send(x, 200, service.resolve(caller(x), m.group(1)))),
            new Route("GET", "/v1/requests/" + ID + "/evidence", (x, m) -> send(x, 200, service.evidence(caller(x), m.group(1)))),
            new Route("GET", "/v1/requests/" + ID + "/deliveries", (x, m) -> send(x, 200, service.deliveries(caller(x), m.group(1)))),
            new Route("POST", "/v1/requests/" + ID + "/responses", (x, m) -> {
                Principal p = caller(x, OWNER);
                JsonBody b = body(x, Set.of("action", "clipIds"));
                send(x, 201, service.respond(p, m.group(1), b.string("action", true), b.strings("clipIds")));
            }),
            new Route("GET", "/v1/feed", (x, m) -> send(x, 200, Map.of("items", service.feed(caller(x))))),
            new Route("GET", "/v1/audit/verify", (x, m) -> send(x, 200, service.verifyAudit(caller(x)))));
    }

    /**
     * Starts serving.
     *
     * @param service the service to expose
     * @param host the address to bind, such as {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ApiServer start(CommunityService service, String host, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        ApiServer api = new ApiServer(service, http);
        http.createContext("/", api::handle);
        http.setExecutor(api.pool);
        http.start();
        return api;
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            try {
                dispatch(x);
            } catch (ServiceException e) {
                error(x, e.status(), e.code(), e.field(), e.getMessage());
            } catch (RuntimeException e) {
                System.err.println("internal error on " + x.getRequestMethod() + " " + x.getRequestURI() + ": " + e);
                error(x, 500, "internal", null, "internal error; the operator's log has the details");
            }
        }
    }

    private void dispatch(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path.matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method.equals(x.getRequestMethod())) {
                    r.handler.handle(x, m);
                    return;
                }
            }
        }
        if (pathKnown) {
            throw new ServiceException(405, "method-not-allowed", null, x.getRequestMethod() + " is not allowed on " + path);
        }
        throw new ServiceException(404, "not-found", null, "no endpoint " + path + " (see /v1/openapi.json)");
    }

    private static final Set<Principal.Role> OPERATOR = Set.of(Principal.Role.OPERATOR);
    private static final Set<Principal.Role> AGENCY = Set.of(Principal.Role.AGENCY);
    private static final Set<Principal.Role> OWNER = Set.of(Principal.Role.OWNER);
    private static final Set<Principal.Role> OPERATOR_OR_OWNER = Set.of(Principal.Role.OPERATOR, Principal.Role.OWNER);

    /** The caller, refused before its body is read if its role can never use the endpoint (the service checks again). */
    private Principal caller(HttpExchange x, Set<Principal.Role> roles) {
        Principal p = caller(x);
        if (!roles.contains(p.role())) {
            throw new ServiceException(403, "forbidden", null, "a token of the " + p.role().name().toLowerCase(java.util.Locale.ROOT)
                + " role cannot use " + x.getRequestMethod() + " " + x.getRequestURI().getRawPath());
        }
        return p;
    }

    private Principal caller(HttpExchange x) {
        String header = x.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new ServiceException(401, "unauthorized", null, "this endpoint needs an Authorization: Bearer token");
        }
        Principal p = service.authenticate(header.substring("Bearer ".length()).strip());
        if (p == null) {
            throw new ServiceException(401, "unauthorized", null, "the bearer token is not valid");
        }
        return p;
    }

    private static JsonBody body(HttpExchange x, Set<String> allowed) throws IOException {
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ServiceException(415, "unsupported-media-type", null, "Content-Type " + type + " is not allowed, use application/json");
        }
        byte[] bytes;
        try (InputStream in = x.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ServiceException(413, "too-large", null, "the body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return JsonBody.parse(bytes, allowed);
    }

    private static void send(HttpExchange x, int status, Object value) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
        raw(x, status, bytes);
    }

    private static void raw(HttpExchange x, int status, byte[] bytes) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange x, int status, String code, String field, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("field", field);
        error.put("message", message);
        x.getRequestBody().close();
        raw(x, status, JSON.writeValueAsBytes(body));
    }

    /** Stops accepting requests, waits up to a second for those running, and closes the pool. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdown();
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange x, Matcher m) throws IOException;
    }

    private static final class Route {
        final String method;
        final Pattern path;
        final Handler handler;

        Route(String method, String path, Handler handler) {
            this.method = method;
            this.path = Pattern.compile(path);
            this.handler = handler;
        }
    }
}
