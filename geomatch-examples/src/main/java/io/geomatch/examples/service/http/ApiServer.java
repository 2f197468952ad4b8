package io.geomatch.examples.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.policy.AgencyRules;
import io.geomatch.examples.service.policy.RequestRules;
import io.geomatch.examples.text.Printable;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API of a {@link CommunityService}: JSON over HTTP/1.1 on Jetty 12. The routes are those
 * of {@code /v1/openapi.json}. Thread-safe.
 *
 * <p><b>Slow and idle clients.</b> Jetty reads every connection without blocking, so a slow
 * client holds a socket, not a thread. Bodies are read the same way ({@link Content.Source}), and
 * a request is handed to a worker thread only once its body is complete. Three documented
 * deadlines ({@link Limits}) cut what a client can hold: a request head must arrive within
 * {@link Limits#headerTimeoutMillis()} of the connection opening or of the previous response
 * (the connection is closed otherwise), a body within {@link Limits#bodyTimeoutMillis()} of its
 * head ({@code 408}, then closed), and a connection silent for {@link Limits#idleTimeoutMillis()}
 * is closed. Responses are written whole, head and body together, on sockets with
 * {@code TCP_NODELAY}, so kept-alive connections see no small-segment delay.
 *
 * <p><b>Retries.</b> A POST sent with an {@value #IDEMPOTENCY_KEY} header is answered once: a
 * retry with the same key and body (by the same caller, to the same endpoint) gets the first
 * answer again, marked {@value #IDEMPOTENT_REPLAYED}; the same key with another body is a 422
 * {@code idempotency-key-reused}. Successful (2xx) answers are remembered in memory for 24 hours,
 * at most 1,000 keys per caller ({@code Idempotency}); a refused call is not, so its retry runs again.
 */
public final class ApiServer implements AutoCloseable {
    /** The largest request body accepted, bytes: 2 MiB (a 1 MiB clip in base64 fits). */
    public static final int MAX_BODY_BYTES = 2 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "([A-Za-z0-9._-]{1,80})";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Set<String> VIEW_FIELDS = Set.of("headingDegrees", "fieldOfViewDegrees", "rangeMeters");
    /** The request header that makes a POST safe to retry. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The response header that marks a remembered answer. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    /**
     * How long a client may take, and how many requests run at once.
     *
     * @param headerTimeoutMillis time for a request head, from the connection's opening or its
     *     previous response, ms; default {@value #DEFAULT_HEADER_TIMEOUT_MILLIS}
     * @param bodyTimeoutMillis time for a body after its head, ms; default
     *     {@value #DEFAULT_BODY_TIMEOUT_MILLIS}
     * @param idleTimeoutMillis time a connection may stay silent, ms; default
     *     {@value #DEFAULT_IDLE_TIMEOUT_MILLIS}
     * @param maxThreads threads handling requests (and Jetty's selector and acceptor); default
     *     {@value #DEFAULT_MAX_THREADS}
     */
    public record Limits(long headerTimeoutMillis, long bodyTimeoutMillis, long idleTimeoutMillis, int maxThreads) {
        /** Default time for a request head: 10 s. */
        public static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;
        /** Default time for a body after its head: 30 s (a 1.4 MB clip upload at 400 kbit/s). */
        public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;
        /** Default time a connection may stay silent: 30 s. */
        public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
        /** Default threads: 64. */
        public static final int DEFAULT_MAX_THREADS = 64;

        /**
         * @param headerTimeoutMillis time for a request head, ms, 1..3600000
         * @param bodyTimeoutMillis time for a body, ms, 1..3600000
         * @param idleTimeoutMillis time a connection may stay silent, ms, 1..3600000
         * @param maxThreads threads, 8..1024
         */
        public Limits {
            check("headerTimeoutMillis", headerTimeoutMillis, 1, 3_600_000);
            check("bodyTimeoutMillis", bodyTimeoutMillis, 1, 3_600_000);
            check("idleTimeoutMillis", idleTimeoutMillis, 1, 3_600_000);
            check("maxThreads", maxThreads, 8, 1024);
        }

        /** @return the defaults */
        public static Limits defaults() {
            return new Limits(DEFAULT_HEADER_TIMEOUT_MILLIS, DEFAULT_BODY_TIMEOUT_MILLIS, DEFAULT_IDLE_TIMEOUT_MILLIS, DEFAULT_MAX_THREADS);
        }

        private static void check(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + "=" + value + " is out of range, allowed " + min + ".." + max);
            }
        }
    }

    private final CommunityService service;
    private final Server server;
    private final ServerConnector connector;
    private final HeaderDeadlines deadlines;
    private final Limits limits;
    private final List<Route> routes;
    private final byte[] openApi;
    private final Idempotency idempotency = new Idempotency();

    private ApiServer(CommunityService service, String host, int port, Limits limits) {
        this.service = service;
        this.limits = limits;
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("geomatch-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMillis());
        connector.setAcceptedTcpNoDelay(true);
        connector.setAcceptQueueSize(1024);
        this.deadlines = new HeaderDeadlines(limits.headerTimeoutMillis());
        connector.addBean(deadlines);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ApiServer.this.handle(request, response, callback);
                return true;
            }
        });
        server.setErrorHandler(new JsonErrors());
        this.routes = routes();
    }

    private List<Route> routes() {
        CommunityService s = service;
        return List.of(
            new Route("GET", "/v1/openapi\\.json", Auth.PUBLIC, null, x -> Reply.raw(200, openApi)),
            new Route("POST", "/v1/agencies", Auth.OPERATOR, Set.of("name", "emailDomain", "kind", "jurisdiction", "verifiedBy"), x ->
                Reply.json(201, s.createAgency(x.caller, new Api.AgencyForm(x.body.string("name", true), x.body.string("emailDomain", true),
                    x.body.string("kind", true), x.body.geometry("jurisdiction", true, AgencyRules.MAX_JURISDICTION_VERTICES),
                    x.body.string("verifiedBy", true))))),
            new Route("GET", "/v1/agencies/" + ID + "/requests", Auth.PUBLIC, null, x ->
                Reply.json(200, Map.of("requests", s.publicLog(x.path.group(1))))),
            new Route("POST", "/v1/owners", Auth.OPERATOR, Set.of("name", "email"), x ->
                Reply.json(201, s.createOwner(x.caller, x.body.string("name", true), x.body.string("email", true)))),
            new Route("POST", "/v1/owners/" + ID + "/devices", Auth.OPERATOR_OR_OWNER,
                Set.of("id", "lat", "lon", "type", "e2ee", "retentionDays", "publicKey", "view"), x ->
                Reply.json(201, s.addDevice(x.caller, x.path.group(1), new Api.DeviceForm(x.body.string("id", true), x.body.number("lat"),
                    x.body.number("lon"), x.body.string("type", true), x.body.bool("e2ee", false), x.body.integer("retentionDays"),
                    x.body.string("publicKey", true), view(x.body.object("view", VIEW_FIELDS)))))),
            // What owners do waits for its round (CommunityService.setOptedOutLater etc.) without holding a thread.
            new Route("POST", "/v1/owners/" + ID + "/opt-out", Auth.ANY, null, x -> Reply.later(s.setOptedOutLater(x.caller, x.path.group(1),
                true).thenApply(done -> Reply.json(200, Map.of("ownerId", x.path.group(1), "optedOut", true))))),
            new Route("POST", "/v1/owners/" + ID + "/opt-in", Auth.ANY, null, x -> Reply.later(s.setOptedOutLater(x.caller, x.path.group(1),
                false).thenApply(done -> Reply.json(200, Map.of("ownerId", x.path.group(1), "optedOut", false))))),
            new Route("POST", "/v1/devices/" + ID + "/clips", Auth.OWNER, Set.of("start", "end", "contentBase64", "signature", "sha256"), x ->
                Reply.later(s.uploadClipLater(x.caller, x.path.group(1), new Api.ClipForm(x.body.instant("start"), x.body.instant("end"),
                    x.body.base64("contentBase64"), x.body.base64("signature")), x.body.string("sha256", false))
                    .thenApply(clip -> Reply.json(201, clip)))),
            new Route("POST", "/v1/requests", Auth.AGENCY, Set.of("area", "from", "to", "incidentType", "caseNumber", "contact", "description"), x ->
                Reply.json(202, s.fileRequest(x.caller, new Api.RequestForm(x.body.geometry("area", false, RequestRules.MAX_AREA_VERTICES),
                    x.body.instant("from"), x.body.instant("to"), x.body.string("incidentType", false), x.body.string("caseNumber", false),
                    x.body.string("contact", false), x.body.string("description", false))))),
            new Route("GET", "/v1/requests/" + ID, Auth.ANY, null, x -> Reply.json(200, s.request(x.caller, x.path.group(1)))),
            new Route("POST", "/v1/requests/" + ID + "/resolve", Auth.ANY, null, x -> Reply.json(200, s.resolve(x.caller, x.path.group(1)))),
            new Route("GET", "/v1/requests/" + ID + "/evidence", Auth.ANY, null, x -> Reply.streamed(200, s.evidence(x.caller, x.path.group(1)))),
            new Route("GET", "/v1/requests/" + ID + "/deliveries", Auth.ANY, null, x -> Reply.json(200, s.deliveries(x.caller, x.path.group(1)))),
            new Route("POST", "/v1/requests/" + ID + "/responses", Auth.OWNER, Set.of("action", "clipIds"), x ->
                Reply.later(s.respondLater(x.caller, x.path.group(1), x.body.string("action", true), x.body.strings("clipIds"))
                    .thenApply(answer -> Reply.json(201, answer)))),
            new Route("GET", "/v1/feed", Auth.ANY, null, x -> Reply.json(200, Map.of("items", s.feed(x.caller)))),
            new Route("GET", "/v1/audit/verify", Auth.ANY, null, x -> Reply.json(200, s.verifyAudit(x.caller))),
            new Route("GET", "/v1/audit/key", Auth.PUBLIC, null, x -> Reply.json(200, s.auditKey())),
            new Route("GET", "/v1/transparency", Auth.PUBLIC, null, x -> Reply.json(200, s.transparencyReport(x.text("month")))),
            new Route("GET", "/v1/audit/sth", Auth.PUBLIC, null, x -> Reply.json(200, s.signedTreeHead())),
            new Route("GET", "/v1/audit/inclusion", Auth.PUBLIC, null, x ->
                Reply.json(200, s.inclusionProof(x.query("index"), x.query("treeSize")))),
            new Route("GET", "/v1/audit/consistency", Auth.PUBLIC, null, x ->
                Reply.json(200, s.consistencyProof(x.query("first"), x.query("second")))),
            new Route("GET", "/v1/audit/entries", Auth.OPERATOR, null, x ->
                Reply.json(200, s.auditEntries(x.caller, x.query("start"), x.query("end")))));
    }

    /**
     * Starts serving with the default {@link Limits}.
     *
     * @param service the service to expose
     * @param host the address to bind, such as {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ApiServer start(CommunityService service, String host, int port) throws IOException {
        return start(service, host, port, Limits.defaults());
    }

    /**
     * Starts serving.
     *
     * @param service the service to expose
     * @param host the address to bind, such as {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @param limits timeouts and threads
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ApiServer start(CommunityService service, String host, int port, Limits limits) throws IOException {
        ApiServer api = new ApiServer(service, host, port, limits);
        try {
            api.server.start();
        } catch (IOException e) {
            api.close();
            throw e;
        } catch (Exception e) {
            api.close();
            throw new IOException("cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        api.deadlines.start(api.server.getScheduler());
        return api;
    }

    /** @return the bound port */
    public int port() {
        return connector.getLocalPort();
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        deadlines.started(connection);
        Callback done = Callback.from(callback, () -> deadlines.ended(connection));
        try {
            dispatch(request, response, done);
        } catch (RuntimeException e) {
            fail(request, response, done, e);
        }
    }

    private void dispatch(Request request, Response response, Callback done) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Route route = null;
        Matcher matched = null;
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path.matcher(path == null ? "" : path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method.equals(method)) {
                    route = r;
                    matched = m;
                    break;
                }
            }
        }
        if (route == null) {
            if (pathKnown) {
                throw new ServiceException(405, "method-not-allowed", null, method + " is not allowed on " + path);
            }
            throw new ServiceException(404, "not-found", null, "no endpoint " + path + " (see /v1/openapi.json)");
        }
        Principal caller = route.auth.check(this, request, method, path);
        Route r = route;
        Matcher m = matched;
        String idempotencyKey = idempotencyKey(request, method, path, caller);
        if (r.bodyFields == null) {
            answer(request, response, done, r, new Exchange(request, m, caller, null), new byte[0], idempotencyKey);
            return;
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ServiceException(415, "unsupported-media-type", null, "Content-Type " + type + " is not allowed, use application/json");
        }
        if (request.getLength() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        var deadline = server.getScheduler().schedule(() -> request.fail(new TimeoutException("the body did not arrive within "
            + limits.bodyTimeoutMillis() + " ms")), limits.bodyTimeoutMillis(), TimeUnit.MILLISECONDS);
        // Invoked once the whole body is in (or failed), on a thread that may block: the service's calls wait for the disk.
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.from(Invocable.InvocationType.BLOCKING,
            (byte[] bytes, Throwable failure) -> {
                deadline.cancel();
                try {
                    if (failure != null) {
                        throw bodyFailure(failure);
                    }
                    answer(request, response, done, r, new Exchange(request, m, caller, null), bytes, idempotencyKey);
                } catch (RuntimeException e) {
                    fail(request, response, done, e);
                }
            }));
    }

    /** The remembered-answer key of a POST with an {@code Idempotency-Key}: the caller, the endpoint and the header; else null. */
    private static String idempotencyKey(Request request, String method, String path, Principal caller) {
        String value = request.getHeaders().get(IDEMPOTENCY_KEY);
        if (value == null || !method.equals("POST") || caller == null) {
            return null;
        }
        if (!Idempotency.valid(value)) {
            throw new ServiceException(400, "invalid-header", IDEMPOTENCY_KEY, IDEMPOTENCY_KEY + " must be 1 to 255 visible ASCII"
                + " characters (letters, digits and punctuation, no spaces)");
        }
        return method + " " + path + " " + value;
    }

    /** Runs a route on its body (or replays the answer to an earlier call with the same idempotency key) and sends the answer. */
    private void answer(Request request, Response response, Callback done, Route r, Exchange x, byte[] body, String idempotencyKey) {
        if (idempotencyKey != null) {
            Idempotency.Outcome outcome = idempotency.begin(callerKey(x.caller), idempotencyKey, sha256(body));
            if (outcome instanceof Idempotency.Replay replay) {
                response.getHeaders().put(IDEMPOTENT_REPLAYED, "true");
                send(request, response, done, Reply.raw(replay.answer().status(), replay.answer().body()));
                return;
            }
            if (outcome instanceof Idempotency.Reused) {
                throw new ServiceException(422, "idempotency-key-reused", IDEMPOTENCY_KEY, IDEMPOTENCY_KEY
                    + " was used before with another body; a retry must send the same body, a new call a new key");
            }
            if (outcome instanceof Idempotency.InUse) {
                throw new ServiceException(409, "idempotency-key-in-use", IDEMPOTENCY_KEY, "a call with this " + IDEMPOTENCY_KEY
                    + " is still running; retry once it has been answered");
            }
        }
        Reply reply;
        try {
            Exchange withBody = r.bodyFields == null ? x : new Exchange(x.request, x.path, x.caller, JsonBody.parse(body, r.bodyFields));
            reply = r.handler.handle(withBody);
        } catch (ServiceException e) {
            reply = Reply.refusal(e);
        } catch (RuntimeException e) {
            abandon(x, idempotencyKey);
            throw e;
        }
        if (reply.later == null) {
            finish(request, response, done, x, idempotencyKey, reply);
            return;
        }
        // Answered on a request thread once the change's round is durable; none is held meanwhile.
        reply.later.whenCompleteAsync((late, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null) {
                finish(request, response, done, x, idempotencyKey, late);
            } else if (cause instanceof ServiceException e) {
                finish(request, response, done, x, idempotencyKey, Reply.refusal(e));
            } else {
                abandon(x, idempotencyKey);
                fail(request, response, done, cause instanceof RuntimeException e ? e : new IllegalStateException(cause));
            }
        }, server.getThreadPool());
    }

    private void finish(Request request, Response response, Callback done, Exchange x, String idempotencyKey, Reply reply) {
        if (idempotencyKey != null) {
            idempotency.finish(callerKey(x.caller), idempotencyKey, new Idempotency.Answer(reply.status, reply.bytes()));
        }
        send(request, response, done, reply);
    }

    private void abandon(Exchange x, String idempotencyKey) {
        if (idempotencyKey != null) {
            idempotency.abandon(callerKey(x.caller), idempotencyKey);
        }
    }

    private static String callerKey(Principal caller) {
        return caller.role() + ":" + caller.id();
    }

    /** @return a device's view from its JSON object (every member required), or null if it has none */
    private static Api.View view(JsonBody v) {
        return v == null ? null : new Api.View(v.number("headingDegrees"), v.number("fieldOfViewDegrees"), v.number("rangeMeters"));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static ServiceException tooLarge() {
        return new ServiceException(413, "too-large", null, "the body exceeds " + MAX_BODY_BYTES + " bytes");
    }

    private ServiceException bodyFailure(Throwable failure) {
        Throwable cause = failure;
        if (cause instanceof TimeoutException) {
            return new ServiceException(408, "body-timeout", null, "the body did not arrive within " + limits.bodyTimeoutMillis()
                + " ms of its head");
        }
        if (cause instanceof IllegalArgumentException) {
            return tooLarge();
        }
        return new ServiceException(400, "body-unreadable", null, "the body could not be read: " + cause.getClass().getSimpleName());
    }

    private void fail(Request request, Response response, Callback done, RuntimeException e) {
        if (e instanceof ServiceException se) {
            if (se.status() == 408) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            send(request, response, done, Reply.refusal(se));
            return;
        }
        System.err.println(Printable.escape("internal error on " + request.getMethod() + " " + request.getHttpURI().getPath() + ": " + e));
        send(request, response, done, Reply.json(500, error("internal", null, "internal error; the operator's log has the details")));
    }

    private static ObjectNode error(String code, String field, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("field", field);
        error.put("message", message);
        return body;
    }

    private static void send(Request request, Response response, Callback done, Reply reply) {
        response.setStatus(reply.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (reply.streamed) {
            // Large values (evidence with clip content) are written as they are serialised, from disk, never whole in memory.
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                JSON.writeValue(out, reply.value);
            } catch (IOException | RuntimeException e) {
                System.err.println(Printable.escape("error: writing the response to " + request.getMethod() + " " + request.getHttpURI().getPath() + ": " + e));
                done.failed(e);
                return;
            }
            done.succeeded();
            return;
        }
        byte[] bytes = reply.bytes();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), done);
    }

    private Principal authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        // RFC 7235: the scheme name is case-insensitive
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            throw new ServiceException(401, "unauthorized", null, "this endpoint needs an Authorization: Bearer token");
        }
        Principal p = service.authenticate(header.substring("Bearer ".length()).strip());
        if (p == null) {
            throw new ServiceException(401, "unauthorized", null, "the bearer token is not valid");
        }
        return p;
    }

    /** Stops accepting requests, lets those running finish (up to a second) and stops the threads. */
    @Override
    public void close() {
        try {
            server.setStopTimeout(1_000);
            server.stop();
        } catch (TimeoutException e) {
            // Connections still open after the wait (idle keep-alive ones, usually) were closed: the server has stopped.
            System.err.println("note: the HTTP server stopped after waiting 1 s for its open connections, then closed them");
        } catch (Exception e) {
            System.err.println(Printable.escape("error: stopping the HTTP server: " + e));
        }
    }

    // ---------------------------------------------------------------- routes

    /** Who may call a route: checked from the headers before any body is read (the service checks again). */
    private enum Auth {
        PUBLIC(null), ANY(null), OPERATOR(Set.of(Principal.Role.OPERATOR)), AGENCY(Set.of(Principal.Role.AGENCY)),
        OWNER(Set.of(Principal.Role.OWNER)), OPERATOR_OR_OWNER(Set.of(Principal.Role.OPERATOR, Principal.Role.OWNER));

        private final Set<Principal.Role> roles;

        Auth(Set<Principal.Role> roles) {
            this.roles = roles;
        }

        Principal check(ApiServer api, Request request, String method, String path) {
            if (this == PUBLIC) {
                return null;
            }
            Principal p = api.authenticate(request);
            if (roles != null && !roles.contains(p.role())) {
                throw new ServiceException(403, "forbidden", null, "a token of the " + p.role().name().toLowerCase(Locale.ROOT)
                    + " role cannot use " + method + " " + path);
            }
            return p;
        }
    }

    /** One call: the request, its path match, its caller (null on public routes) and its body (null without one). */
    private record Exchange(Request request, Matcher path, Principal caller, JsonBody body) {
        /** A required query parameter; 400 {@code invalid-parameter} naming it if missing. */
        String text(String name) {
            String v = Request.extractQueryParameters(request).getValue(name);
            if (v == null) {
                throw new ServiceException(400, "invalid-parameter", name, "query parameter " + name + " is required");
            }
            return v;
        }

        /** A required integer query parameter; 400 {@code invalid-parameter} naming it if missing or not one. */
        long query(String name) {
            String v = Request.extractQueryParameters(request).getValue(name);
            if (v == null) {
                throw new ServiceException(400, "invalid-parameter", name, "query parameter " + name + " is required (an integer)");
            }
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "invalid-parameter", name, "query parameter " + name + " '"
                    + (v.length() > 40 ? v.substring(0, 37) + "..." : v) + "' is not an integer");
            }
        }
    }

    /** A response: status and JSON value (written whole, or streamed as it is serialised) or raw JSON bytes. */
    /** An answer; or, with {@code later} set, one to come (the other components unused). */
    private record Reply(int status, Object value, byte[] raw, boolean streamed, CompletableFuture<Reply> later) {
        static Reply json(int status, Object value) {
            return new Reply(status, value, null, false, null);
        }

        static Reply streamed(int status, Object value) {
            return new Reply(status, value, null, true, null);
        }

        static Reply raw(int status, byte[] bytes) {
            return new Reply(status, null, bytes, false, null);
        }

        /** @return the one-line JSON error answering a refusal */
        static Reply refusal(ServiceException e) {
            return json(e.status(), error(e.code(), e.field(), e.getMessage()));
        }

        static Reply later(CompletableFuture<Reply> reply) {
            return new Reply(0, null, null, false, reply);
        }

        byte[] bytes() {
            if (raw != null) {
                return raw;
            }
            try {
                return JSON.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
            }
        }
    }

    @FunctionalInterface
    private interface RouteHandler {
        Reply handle(Exchange x);
    }

    private static final class Route {
        final String method;
        final Pattern path;
        final Auth auth;
        final Set<String> bodyFields;
        final RouteHandler handler;

        Route(String method, String path, Auth auth, Set<String> bodyFields, RouteHandler handler) {
            this.method = method;
            this.path = Pattern.compile(path);
            this.auth = auth;
            this.bodyFields = bodyFields;
            this.handler = handler;
        }
    }

    /** Jetty's own errors (a malformed request line, a head too large) in the API's JSON shape. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            String text = message == null || message.isBlank() ? "HTTP " + code : message.replaceAll("[\\r\\n]+", " ");
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(error("http-" + code, null, text));
            } catch (JsonProcessingException e) {
                bytes = new byte[0];
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }
}
