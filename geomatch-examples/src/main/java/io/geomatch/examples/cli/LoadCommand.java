package io.geomatch.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.core.InvalidInputException;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code geomatch loadtest}: a small load generator for a {@code serve} running on this machine
 * (it only ever connects to 127.0.0.1). It registers its own owners and devices with the operator
 * token of the data directory, then measures, each for a fixed time: clients uploading signed
 * clips (signed before the clock starts, so the generator's own signing does not count), clients
 * reading their feeds, and, while many connections trickle request heads and bodies a byte at a
 * time, the latency of one client's requests.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = "Measure a serve on 127.0.0.1: clip uploads/s and feed reads/s at N clients, and latency under slow connections.")
final class LoadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "The port serve listens on, on 127.0.0.1.")
    int port;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "serve's data directory (for its operator token).")
    Path data;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "10", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20", description = "Seconds each phase runs (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--slow", paramLabel = "N", defaultValue = "256",
        description = "Connections trickling heads and bodies in the last phase (default ${DEFAULT-VALUE}).")
    int slow;

    @Option(names = "--clips", paramLabel = "N", defaultValue = "2000",
        description = "Clips each client signs in advance, at most that many uploads per client (default ${DEFAULT-VALUE}).")
    int clips;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        check("--port", port, 1, 65535);
        check("--clients", clients, 1, 256);
        check("--seconds", seconds, 1, 3600);
        check("--slow", slow, 0, 4096);
        check("--clips", clips, 1, 100_000);
        Path tokenFile = data.resolve(CommunityService.OPERATOR_TOKEN_FILE);
        if (!Files.isReadable(tokenFile)) {
            throw new InvalidInputException("--data", data, "holds no readable " + CommunityService.OPERATOR_TOKEN_FILE);
        }
        String operator = Files.readString(tokenFile).strip();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("loadtest against http://127.0.0.1:%d: %d clients, %d s per phase, %,d slow connections%n", port, clients, seconds, slow);
        long run = System.currentTimeMillis();
        List<String> tokens = new ArrayList<>();
        List<List<String>> bodies = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        KeyPairGenerator keys = KeyPairGenerator.getInstance("Ed25519");
        int perClient = clips;
        for (int c = 0; c < clients; c++) {
            JsonNode owner = post("/v1/owners", operator, JSON.createObjectNode().put("name", "Load " + c)
                .put("email", "load" + c + "-" + run + "@example.com"));
            String token = owner.get("token").asText();
            KeyPair key = keys.generateKeyPair();
            long registered = System.currentTimeMillis();
            String device = "load-" + c + "-" + run;
            devices.add(device);
            post("/v1/owners/" + owner.get("id").asText() + "/devices", token, JSON.createObjectNode().put("id", device).put("lat", 41.88)
                .put("lon", -87.63).put("type", "doorbell").put("e2ee", false).put("retentionDays", 30)
                .put("publicKey", Signatures.encode(key.getPublic())));
            tokens.add(token);
            SplittableRandom random = new SplittableRandom(c);
            List<String> mine = new ArrayList<>(perClient);
            for (int i = 0; i < perClient; i++) {
                byte[] content = new byte[512];
                random.nextBytes(content);
                long start = registered + 1_000 + i * 10L;
                mine.add(JSON.createObjectNode().put("start", start).put("end", start + 5)
                    .put("contentBase64", Base64.getEncoder().encodeToString(content))
                    .put("signature", Base64.getEncoder().encodeToString(Signatures.sign(key.getPrivate(), device, start, start + 5, content)))
                    .toString());
            }
            bodies.add(mine);
        }
        out.printf("  %d owners with a device each registered; %,d clips signed in advance%n", clients, clients * perClient);
        out.flush();
        Thread.sleep(1_500);   // the clips start a second after their device's registration
        report(out, "POST /v1/devices/{id}/clips", phase(c -> {
            List<String> mine = bodies.get(c);
            int[] next = {0};
            String path = "/v1/devices/" + devices.get(c) + "/clips";
            return () -> next[0] < mine.size() ? send("POST", path, tokens.get(c), mine.get(next[0]++), 201) : -1;
        }));
        report(out, "GET /v1/feed", phase(c -> () -> send("GET", "/v1/feed", tokens.get(c), null, 200)));
        if (slow > 0) {
            slowPhase(out, tokens.get(0));
        }
        return 0;
    }

    /** What one client does once; returns its latency in µs, or -1 when it has nothing left to do. */
    @FunctionalInterface
    private interface Call {
        long run() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    private interface Client {
        Call make(int index);
    }

    private long[] phase(Client client) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<long[]> results = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int c = 0; c < clients; c++) {
            Call call = client.make(c);
            long[][] mine = {new long[1024]};
            int[] n = {0};
            results.add(null);
            int index = c;
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get() && System.nanoTime() < end) {
                        long micros = call.run();
                        if (micros < 0) {
                            break;
                        }
                        if (n[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
                        }
                        mine[0][n[0]++] = micros;
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    System.err.println("error: client " + index + ": " + e);
                    stop.set(true);
                }
                synchronized (results) {
                    results.set(index, Arrays.copyOf(mine[0], n[0]));
                }
            }, "load-client-" + c);
            threads.add(t);
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = results.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] out = Arrays.copyOf(all, all.length + 1);
        out[all.length] = Math.round(elapsed * 1e6);   // the last slot carries the wall time, µs
        return out;
    }

    private void report(PrintWriter out, String what, long[] micros) {
        int n = micros.length - 1;
        double seconds = micros[n] / 1e6;
        out.printf("  %-28s %,8d calls in %5.1f s: %,7.0f/s  p50 %,7d µs  p99 %,8d µs%n", what, n, seconds, n / seconds,
            n == 0 ? 0 : micros[n / 2], n == 0 ? 0 : micros[Math.max(0, (int) Math.ceil(n * 0.99) - 1)]);
        out.flush();
    }

    private void slowPhase(PrintWriter out, String token) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread trickler = new Thread(() -> {
            try {
                for (int i = 0; i < slow; i++) {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    sockets.add(s);
                    String start = i % 2 == 0 ? "POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        : "POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
                    s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                }
                while (!stop.get()) {
                    for (int i = 0; i < sockets.size() && !stop.get(); i++) {
                        try {
                            OutputStream o = sockets.get(i).getOutputStream();
                            o.write(i % 2 == 0 ? 'X' : ' ');
                        } catch (IOException cut) {
                            // the server cut a connection past its deadline
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("error: slow connections: " + e);
            }
        }, "load-trickler");
        trickler.start();
        Thread.sleep(1_000);
        int saved = clients;
        clients = 1;
        long[] micros = phase(c -> () -> send("GET", "/v1/feed", token, null, 200));
        clients = saved;
        stop.set(true);
        trickler.join();
        for (Socket s : sockets) {
            s.close();
        }
        report(out, "GET /v1/feed, " + slow + " slow", micros);
    }

    private long send(String method, String path, String token, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1_000;
        if (r.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return micros;
    }

    private JsonNode post(String path, String token, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static void check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(option, value, "is out of range, allowed " + min + ".." + max);
        }
    }
}
