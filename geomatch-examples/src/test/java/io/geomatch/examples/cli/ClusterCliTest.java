package io.geomatch.examples.cli;

import io.geomatch.core.testing.BruteForce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.geomatch.examples.cli.GeomatchCliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster commands as an operator runs them: three {@code cluster node} processes,
 * {@code cluster load} of cameras and footage and then of updates (moves across shard cells, local
 * moves, opt-outs, deletes), {@code query --cluster} printing exactly what {@code query --index}
 * prints for the same final data, {@code kill -9} of one node while querying (every answer is
 * still exact, or exit 3 with one line that says to retry), {@code cluster status} before and
 * after; a node with another {@code --bucket} refused with one {@code error:} line (exit 2); and
 * exit 3 when no member is reachable.
 */
class ClusterCliTest {
    private static final String[] HAZELCAST_JVM_ARGS = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED", "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"};
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_793_750_400_000L;

    @TempDir
    Path dir;

    /** A started {@code cluster node} child, with the lines it prints. */
    private record Child(Process process, BlockingQueue<String> out, StringBuilder err) {
    }

    @Test
    void shouldLoadQueryAndSurviveAKilledNodeAsTheCommandsPromise() throws Exception {
        Data data = generate(new SplittableRandom(15));
        Path index = dir.resolve("final.geomatch");
        assertThat(cli("index", "--cameras", data.finalCameras.toString(), "--footage", data.finalFootage.toString(), "--bucket", "60",
            "--out", index.toString()).code()).isZero();

        int[] ports = {freePort(), freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        List<Child> nodes = new ArrayList<>();
        try {
            for (int port : ports) {
                nodes.add(startNode(port, members, "60"));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(nodes.get(i).out().poll(300, TimeUnit.SECONDS)).as("node %d: %s", i, nodes.get(i).err())
                    .isEqualTo("ready 127.0.0.1:" + ports[i]);
            }

            CliRun load = cli("cluster", "load", "--members", members, "--cameras", data.cameras.toString(), "--footage",
                data.footage.toString());
            assertThat(load.code()).as(load.err()).isZero();
            assertThat(load.out()).endsWith("acked " + (data.cameraRows + data.footageRows) + "\n");
            CliRun updates = cli("cluster", "load", "--members", members, "--updates", data.updates.toString());
            assertThat(updates.code()).as(updates.err()).isZero();
            assertThat(updates.out()).isEqualTo("acked " + data.updateRows + "\n");

            List<String[]> queries = queries(data);
            long seenOnlyByView = 0;
            for (String[] q : queries) {
                String expected = query("--index", index.toString(), q);
                assertThat(query("--cluster", members, q)).as(String.join(" ", q)).isEqualTo(expected);
                if (List.of(q).contains("--view")) {
                    String[] byPosition = List.of(q).stream().filter(a -> !a.equals("--view")).toArray(String[]::new);
                    seenOnlyByView += expected.lines().count() - query("--index", index.toString(), byPosition).lines().count();
                }
            }
            assertThat(seenOnlyByView).as("cameras that only their views bring into the squares").isPositive();
            // A bad row ends the load with its file and line, after the rows before it (footage long before every window).
            long old = T0 - 50 * DAY;
            Path bad = lines("bad-footage.csv", "camera_id,start,end", List.of(data.kept[0] + "," + old + "," + (old + 1_000),
                data.kept[1] + "," + old + "," + (old + 1_000), "99999999," + old + "," + (old + 1_000), data.kept[2] + "," + old + "," + (old + 1_000)));
            CliRun badLoad = cli("cluster", "load", "--members", members, "--footage", bad.toString());
            assertThat(badLoad.code()).isEqualTo(2);
            assertThat(badLoad.out()).isEqualTo("acked 2\n");
            assertThat(badLoad.err()).isEqualTo("error: " + bad + " line 4: camera_id 99999999 is not a known camera: add the camera before its footage\n");

            CliRun status = cli("cluster", "status", "--members", members);
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out().lines()).hasSize(3).allMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+ partitions=\\d+ cameras=\\d+"));
            assertThat(camerasHeld(status.out())).isEqualTo(data.finalCameraCount);

            // A member crashes; answers stay exact, or the query says to retry.
            nodes.get(1).process().destroyForcibly().waitFor();
            int exact = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            for (int round = 0; exact < queries.size() && System.nanoTime() < deadline; round++) {
                String[] q = queries.get(round % queries.size());
                CliRun r = cli(args("--cluster", members, q));
                if (r.code() == 3) {
                    assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.startsWith("error: ") && l.endsWith("retry"));
                    continue;
                }
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).as("after kill -9: " + String.join(" ", q)).isEqualTo(query("--index", index.toString(), q));
                exact++;
            }
            assertThat(exact).as("queries answered after the kill").isEqualTo(queries.size());
            CliRun after = statusOnceSettled(members);
            assertThat(after.out().lines()).hasSize(2);
            assertThat(camerasHeld(after.out())).isEqualTo(data.finalCameraCount);

            // Another bucket size is refused, with one error line and no stack trace.
            Child refused = startNode(freePort(), members, "30");
            assertThat(refused.process().waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.process().exitValue()).isEqualTo(2);
            String err = refused.err().toString();
            assertThat(err.lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .startsWith("error: --bucket 30 is refused by the cluster: bucketMillis 30000 differs from the cluster's 60000");
            // No stack trace; Hazelcast's own one-line warnings (a busy machine makes it log, e.g., a CallerNotMemberException
            // while the refused member leaves) may name an exception class.
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("Caused by:");
        } finally {
            for (Child c : nodes) {
                c.process().destroyForcibly();
            }
        }
    }

    @Test
    void shouldExitThreeWithOneLineWhenNoMemberIsReachable() {
        int port = freePort();

        CliRun r = cli("query", "--cluster", "127.0.0.1:" + port, "--circle", "41.88,-87.63,500", "--from", "2026-11-03T13:00:00Z",
            "--to", "2026-11-03T14:00:00Z");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString()
            .startsWith("error: no member of cluster 'geomatch' is reachable at 127.0.0.1:" + port).endsWith("; retry once a member runs");

        CliRun serve = cli("serve", "--data", dir.resolve("service").toString(), "--port", "0", "--cluster", "127.0.0.1:" + port);
        assertThat(serve.code()).isEqualTo(3);
        assertThat(serve.out()).isEmpty();
        assertThat(serve.err().lines()).singleElement().asString()
            .startsWith("error: no member of cluster 'geomatch' is reachable at 127.0.0.1:" + port).endsWith("; retry once a member runs");
    }

    @Test
    void shouldRefuseBadClusterOptionsWithExitTwo() {
        CliRun members = cli("cluster", "status", "--members", "127.0.0.1");
        CliRun bucket = cli("cluster", "node", "--port", "5701", "--members", "127.0.0.1:5701", "--bucket", "0");
        CliRun backups = cli("cluster", "node", "--port", "5701", "--members", "127.0.0.1:5701", "--bucket", "60", "--backups", "9");

        assertThat(members.code()).isEqualTo(2);
        assertThat(members.err()).isEqualTo("error: --members 127.0.0.1 is not HOST:PORT, e.g. 127.0.0.1:5701\n");
        assertThat(bucket.code()).isEqualTo(2);
        assertThat(bucket.err()).startsWith("error: --bucket 0 must be a positive number of seconds");
        assertThat(backups.code()).isEqualTo(2);
        assertThat(backups.err()).isEqualTo("error: --backups 9 is out of range, allowed 0..6\n");
    }

    private CliRun statusOnceSettled(String members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            CliRun r = cli("cluster", "status", "--members", members);
            if (r.code() == 0 && r.out().lines().count() == 2 && !r.out().contains("indexing")) {
                return r;
            }
            assertThat(System.nanoTime()).as("the cluster settles after the kill: %s %s", r.out(), r.err()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long camerasHeld(String status) {
        return status.lines().mapToLong(l -> Long.parseLong(l.substring(l.indexOf("cameras=") + 8).split(" ")[0])).sum();
    }

    private Child startNode(int port, String members, String bucket) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx400m"));
        command.addAll(List.of(HAZELCAST_JVM_ARGS));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GeomatchCli.class.getName(), "cluster", "node", "--port",
            Integer.toString(port), "--members", members, "--bucket", bucket));
        Process p = new ProcessBuilder(command).start();
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        StringBuilder err = new StringBuilder();
        drain(p.getInputStream(), out::add);
        drain(p.getErrorStream(), line -> {
            synchronized (err) {
                err.append(line).append('\n');
            }
        });
        return new Child(p, out, err);
    }

    private static void drain(java.io.InputStream in, java.util.function.Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The child is gone.
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static String query(String sourceOption, String source, String[] q) {
        CliRun r = cli(args(sourceOption, source, q));
        assertThat(r.code()).as(sourceOption + " " + String.join(" ", q) + ": " + r.err()).isZero();
        return r.out();
    }

    private static String[] args(String sourceOption, String source, String[] q) {
        List<String> a = new ArrayList<>(List.of("query", sourceOption, source));
        a.addAll(List.of(q));
        return a.toArray(new String[0]);
    }

    /** Areas around each city and across them (circles, a polygon, H3 cells), each with a few windows, some counted. */
    private static List<String[]> queries(Data data) {
        List<String[]> q = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        String now = Long.toString(T0 + 3 * DAY);
        for (double[] city : CITIES) {
            for (int i = 0; i < 2; i++) {
                long from = T0 + random.nextLong(2 * DAY);
                String window = Long.toString(from);
                String to = Long.toString(from + random.nextLong(60_000, 12 * 3_600_000L));
                String circle = (city[0] + random.nextDouble(-0.1, 0.1)) + "," + (city[1] + random.nextDouble(-0.1, 0.1)) + ","
                    + random.nextInt(500, 15_000);
                q.add(new String[] {"--circle", circle, "--from", window, "--to", to, "--now", now});
                q.add(new String[] {"--circle", circle, "--from", window, "--to", to, "--now", now, "--count"});
            }
            double x = city[1];
            double y = city[0];
            q.add(new String[] {"--wkt", String.format("POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", x - 0.2, y - 0.2, x + 0.2, y - 0.2, x + 0.2,
                y + 0.2, x - 0.2, y + 0.2, x - 0.2, y - 0.2), "--from", Long.toString(T0), "--to", Long.toString(T0 + 2 * DAY), "--now", now});
            long cell = BruteForce.h3().latLngToCell(y, x, 6);
            q.add(new String[] {"--cells", Long.toHexString(cell) + "," + Long.toHexString(BruteForce.h3().latLngToCell(y + 0.05, x, 8)),
                "--from", Long.toString(T0), "--to", Long.toString(T0 + 2 * DAY), "--now", now});
        }
        // By view: squares of about 2 km around each city, by view and by position (which must differ somewhere).
        for (double[] city : CITIES) {
            double x = city[1] + 0.01;
            double y = city[0] - 0.01;
            double d = 0.01;
            q.add(new String[] {"--wkt", String.format("POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", x - d, y - d, x + d, y - d, x + d, y + d,
                x - d, y + d, x - d, y - d), "--from", Long.toString(T0), "--to", Long.toString(T0 + 2 * DAY), "--now", now, "--view"});
        }
        // Across two cities: a polygon whose box reaches many shard cells.
        q.add(new String[] {"--wkt", "POLYGON ((-96 29, -87 29, -87 42.5, -96 42.5, -96 29))", "--from", Long.toString(T0), "--to",
            Long.toString(T0 + DAY), "--now", now, "--count"});
        return q;
    }

    private static final double[][] CITIES = {{41.8781, -87.6298}, {29.7604, -95.3698}, {47.6062, -122.3321}};

    /** The generated files, and the final state they lead to. */
    private static final class Data {
        Path cameras;
        Path footage;
        Path updates;
        Path finalCameras;
        Path finalFootage;
        long cameraRows;
        long footageRows;
        long updateRows;
        long finalCameraCount;
        /** Some cameras that exist after the updates. */
        long[] kept;
    }

    private Data generate(SplittableRandom random) throws IOException {
        Map<Long, String> cameras = new LinkedHashMap<>();
        List<String> originals = new ArrayList<>();
        List<String> footage = new ArrayList<>();
        for (long id = 1; id <= 3_000; id++) {
            double[] city = CITIES[(int) (id % CITIES.length)];
            String c = camera(id, city[0] + random.nextGaussian() * 0.08, city[1] + random.nextGaussian() * 0.08, random);
            originals.add(c);
            cameras.put(id, c);
            for (int k = random.nextInt(4); k > 0; k--) {
                long start = T0 + random.nextLong(2 * DAY);
                footage.add(id + "," + start + "," + (start + 1 + random.nextLong(120_000)));
            }
        }
        List<String> updates = new ArrayList<>();
        Set<Long> deleted = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            long id = 1 + random.nextInt(3_000);
            if (deleted.contains(id)) {
                continue;
            }
            switch (i % 4) {
                case 0 -> {
                    // Across shard cells: to another city, footage and all.
                    double[] city = CITIES[random.nextInt(CITIES.length)];
                    String c = camera(id, city[0] + random.nextGaussian() * 0.08, city[1] + random.nextGaussian() * 0.08, random);
                    cameras.put(id, c);
                    updates.add("upsert," + c);
                }
                case 1 -> {
                    // A few metres away, and opted out or in.
                    String[] f = cameras.get(id).split(",", -1);
                    String c = id + "," + (Double.parseDouble(f[1]) + 1e-4) + "," + f[2] + "," + random.nextBoolean() + "," + f[4] + "," + f[5]
                        + "," + f[6] + "," + f[7] + "," + f[8];
                    cameras.put(id, c);
                    updates.add("upsert," + c);
                }
                case 2 -> {
                    deleted.add(id);
                    cameras.remove(id);
                    updates.add("delete," + id + ",,,,,,,,");
                }
                default -> {
                    // A camera that did not exist, added by an update.
                    long fresh = 10_000 + i;
                    String c = camera(fresh, CITIES[0][0] + random.nextGaussian() * 0.05, CITIES[0][1], random);
                    cameras.put(fresh, c);
                    updates.add("upsert," + c);
                }
            }
        }
        Data d = new Data();
        d.cameras = lines("cameras.csv", CAMERA_COLUMNS, originals);
        d.footage = lines("footage.csv", "camera_id,start,end", footage);
        d.updates = lines("updates.csv", "op," + CAMERA_COLUMNS, updates);
        d.finalCameras = lines("final-cameras.csv", CAMERA_COLUMNS, new ArrayList<>(cameras.values()));
        List<String> kept = footage.stream().filter(f -> !deleted.contains(Long.parseLong(f.split(",")[0]))).toList();
        d.finalFootage = lines("final-footage.csv", "camera_id,start,end", kept);
        d.cameraRows = 3_000;
        d.footageRows = footage.size();
        d.updateRows = updates.size();
        d.finalCameraCount = cameras.size();
        d.kept = cameras.keySet().stream().limit(3).mapToLong(Long::longValue).toArray();
        return d;
    }

    private static final String CAMERA_COLUMNS = "id,lat,lon,opted_in,e2ee,retention_days,heading_deg,fov_deg,range_m";

    /** A camera row; half of them have a view (heading, field of view, range up to 200 m). */
    private static String camera(long id, double lat, double lon, SplittableRandom random) {
        String view = random.nextBoolean() ? random.nextInt(360) + "," + (10 + random.nextInt(351)) + "," + (1 + random.nextInt(200)) : ",,";
        return id + "," + lat + "," + lon + "," + (random.nextInt(10) != 0) + "," + (random.nextInt(15) == 0) + "," + (1 + random.nextInt(30))
            + "," + view;
    }

    private Path lines(String name, String header, List<String> rows) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return Files.write(dir.resolve(name), all, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
