package io.geomatch.examples.cli;

import io.geomatch.core.Camera;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.GeoStore;
import io.geomatch.core.LiveView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.geomatch.examples.cli.GeomatchCliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code store init}, {@code store load} and {@code query --store}: the same answers as
 * {@code index} and {@code query --index} on the same rows, updates applied in order, bad rows
 * refused with their line and nothing from them on applied, and a load killed with SIGKILL
 * keeping every acknowledged row.
 */
class StoreCliTest {
    private static final String SQUARE = "POLYGON ((-87.7 41.9, -87.69 41.9, -87.69 41.91, -87.7 41.91, -87.7 41.9))";
    private static final String FROM = "2026-11-03T13:00:00Z";
    private static final String TO = "2026-11-03T15:00:00Z";
    private static final String NOW = "2026-11-04T00:00:00Z";

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Path cameras() throws IOException {
        return write("cameras.csv",
            "id,lat,lon,opted_in,e2ee,retention_days",
            "1,41.905,-87.695,true,false,30",
            "2,41.901,-87.699,true,false,30",
            "3,41.905,-87.695,false,false,30",
            "4,41.9,-87.7,true,false,30",
            "7,41.95,-87.695,true,false,30");
    }

    private Path footage() throws IOException {
        return write("footage.csv",
            "camera_id,start,end",
            "1,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "2,2026-11-03T14:10:00Z,2026-11-03T14:10:30Z",
            "3,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "4,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "7,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z");
    }

    private CliRun queryStore(Path store) {
        return cli("query", "--store", store.toString(), "--wkt", SQUARE, "--from", FROM, "--to", TO, "--now", NOW);
    }

    @Test
    void shouldAnswerAsTheIndexBuiltFromTheSameRows() throws IOException {
        Path store = dir.resolve("store");
        CliRun init = cli("store", "init", "--store", store.toString(), "--bucket", "60");
        assertThat(init.code()).as(init.err()).isZero();
        CliRun load = cli("store", "load", "--store", store.toString(), "--cameras", cameras().toString(),
            "--footage", footage().toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("acked 5\nacked 10\n");
        Path index = dir.resolve("x.geomatch");
        assertThat(cli("index", "--cameras", cameras().toString(), "--footage", footage().toString(), "--bucket", "60",
            "--out", index.toString()).code()).isZero();
        for (String[] area : new String[][] {{"--wkt", SQUARE}, {"--circle", "41.905,-87.695,6000"}, {"--cells", "8926e3d6a67ffff"}}) {
            CliRun fromStore = cli("query", "--store", store.toString(), area[0], area[1], "--from", FROM, "--to", TO, "--now", NOW);
            CliRun fromIndex = cli("query", "--index", index.toString(), area[0], area[1], "--from", FROM, "--to", TO, "--now", NOW);
            assertThat(fromStore.code()).as(fromStore.err()).isZero();
            assertThat(fromStore.out()).isEqualTo(fromIndex.out());
        }
        assertThat(queryStore(store).out()).isEqualTo("1\n2\n4\n");
    }

    @Test
    void shouldApplyUpdatesInOrder() throws IOException {
        Path store = dir.resolve("store");
        cli("store", "init", "--store", store.toString(), "--bucket", "60");
        cli("store", "load", "--store", store.toString(), "--cameras", cameras().toString(), "--footage", footage().toString());
        Path updates = write("updates.csv",
            "op,id,lat,lon,opted_in,e2ee,retention_days",
            "upsert,7,41.905,-87.695,true,false,30",
            "delete,1,,,,,",
            "upsert,2,41.901,-87.699,false,,",
            "upsert,9,41.905,-87.695,,,");
        CliRun load = cli("store", "load", "--store", store.toString(), "--updates", updates.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("acked 4\n");
        // 7 moved in with its footage, 1 is gone, 2 opted out, 9 has no footage yet.
        assertThat(queryStore(store).out()).isEqualTo("4\n7\n");
        cli("store", "load", "--store", store.toString(), "--footage",
            write("more.csv", "camera_id,start,end", "9,2026-11-03T13:30:00Z,2026-11-03T13:30:01Z").toString());
        assertThat(queryStore(store).out()).isEqualTo("4\n7\n9\n");
    }

    @Test
    void shouldRefuseABadRowWithItsLineAndApplyNothingFromIt() throws IOException {
        Path store = dir.resolve("store");
        cli("store", "init", "--store", store.toString(), "--bucket", "60");
        Path bad = write("bad.csv",
            "id,lat,lon",
            "1,41.905,-87.695",
            "2,41.901,-87.699",
            "3,95,-87.695",
            "4,41.9,-87.7");
        CliRun load = cli("store", "load", "--store", store.toString(), "--cameras", bad.toString(), "--footage", footage().toString());
        assertThat(load.code()).isEqualTo(2);
        assertThat(load.out()).isEqualTo("acked 2\n");
        assertThat(load.err()).isEqualTo("error: " + bad + " line 4: lat 95.0 is out of range, allowed -90..90\n");
        assertThat(GeoStore.read(store).cameraCount()).isEqualTo(2);

        Path unknown = write("unknown.csv", "camera_id,start,end", "1,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "8,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z", "2,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z");
        load = cli("store", "load", "--store", store.toString(), "--footage", unknown.toString());
        assertThat(load.code()).isEqualTo(2);
        assertThat(load.err()).isEqualTo("error: " + unknown + " line 3: camera_id 8 is not a known camera: add the camera before its footage\n");
        assertThat(queryStore(store).out()).as("row 2 applied, row 4 not").isEqualTo("1\n");

        Path updates = write("u.csv", "op,id,lat,lon", "delete,5,,", "upsert,6,41.9,-87.7");
        load = cli("store", "load", "--store", store.toString(), "--updates", updates.toString());
        assertThat(load.err()).isEqualTo("error: " + updates + " line 2: id 5 is not a known camera: only existing cameras can be deleted\n");
        assertThat(load.out()).isEqualTo("acked 0\n");
        Path ops = write("o.csv", "op,id,lat,lon", "move,5,1,2");
        assertThat(cli("store", "load", "--store", store.toString(), "--updates", ops.toString()).err())
            .isEqualTo("error: " + ops + " line 2: op move is not an operation, allowed upsert or delete\n");
        Path dup = write("dup.csv", "id,lat,lon", "10,41.9,-87.7", "10,41.9,-87.7");
        assertThat(cli("store", "load", "--store", store.toString(), "--cameras", dup.toString()).err())
            .isEqualTo("error: " + dup + " line 3: id 10 is a duplicate: each camera id may appear once\n");
        assertThat(GeoStore.read(store).cameraCount()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadStoreCommands() throws IOException {
        Path store = dir.resolve("store");
        assertThat(cli("store", "init", "--store", store.toString(), "--bucket", "60").code()).isZero();
        CliRun again = cli("store", "init", "--store", store.toString(), "--bucket", "60");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("error: store " + store + " already holds a geomatch store\n");
        CliRun missing = cli("store", "load", "--store", dir.resolve("none").toString(), "--cameras", cameras().toString());
        assertThat(missing.err()).isEqualTo("error: store " + dir.resolve("none") + " does not exist (create it with init)\n");
        // A file that is not there is found before the first row of the files given before it is applied.
        for (String option : new String[] {"--updates", "--footage"}) {
            Path absent = dir.resolve("absent.csv");
            CliRun noFile = cli("store", "load", "--store", store.toString(), "--cameras", cameras().toString(), option, absent.toString());
            assertThat(noFile.code()).isEqualTo(2);
            assertThat(noFile.out()).isEmpty();
            assertThat(noFile.err()).isEqualTo("error: " + option + " " + absent + " does not exist\n");
        }
        CliRun directory = cli("store", "load", "--store", store.toString(), "--footage", dir.toString());
        assertThat(directory.err()).isEqualTo("error: --footage " + dir + " is not a regular file\n");
        assertThat(GeoStore.read(store).cameraCount()).isZero();
        assertThat(cli("store", "init", "--store", dir.resolve("b").toString(), "--bucket", "0").err())
            .isEqualTo("error: --bucket 0 must be a positive number of seconds with at most millisecond precision, e.g. 60 or 0.001\n");
        assertThat(cli("store", "init", "--store", dir.resolve("b").toString(), "--bucket", "60", "--max-retention", "0").err())
            .isEqualTo("error: --max-retention 0 is out of range, allowed 1..3650\n");
        assertThat(cli("store", "load", "--store", store.toString(), "--durability", "maybe").err())
            .isEqualTo("error: --durability maybe is not allowed, use fsync or write\n");
        assertThat(cli("query", "--store", dir.toString(), "--wkt", SQUARE, "--from", FROM, "--to", TO).err())
            .isEqualTo("error: store " + dir + " is not a geomatch store (no STORE file); create one with init\n");
        assertThat(cli("query", "--store", store.toString(), "--index", "x", "--wkt", SQUARE, "--from", FROM, "--to", TO).code()).isEqualTo(2);
    }

    @Test
    void shouldKeepEveryAckedRowWhenTheLoadIsKilled() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        List<String> cameraRows = new ArrayList<>(List.of("id,lat,lon,opted_in,e2ee,retention_days"));
        List<long[]> clips = new ArrayList<>();
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            cameraRows.add(i + "," + (41.9 + random.nextDouble(-0.05, 0.05)) + "," + (-87.7 + random.nextDouble(-0.05, 0.05)) + ",true,false,30");
        }
        List<String> footageRows = new ArrayList<>(List.of("camera_id,start,end"));
        long t0 = 1_793_714_400_000L;
        for (int i = 0; i < 4 * n; i++) {
            long start = t0 + random.nextLong(0, 86_400_000L);
            clips.add(new long[] {random.nextInt(n), start, start + 1 + random.nextInt(60_000)});
            footageRows.add(clips.get(i)[0] + "," + start + "," + clips.get(i)[2]);
        }
        Path cams = write("big-cameras.csv", cameraRows.toArray(new String[0]));
        Path foot = write("big-footage.csv", footageRows.toArray(new String[0]));
        for (int round = 0; round < 2; round++) {
            Path store = dir.resolve("crash" + round);
            assertThat(cli("store", "init", "--store", store.toString(), "--bucket", "60").code()).isZero();
            long acked = loadAndKill(store, cams, foot, 200 + random.nextLong(1200), "round " + round);
            LiveView recovered = GeoStore.read(store);
            long k = recovered.opCount();
            assertThat(k).as("round " + round).isBetween(acked, (long) (5 * n));
            // The reference: an index of exactly the first k rows.
            GeoIndexBuilder b = GeoIndex.builder(60_000);
            for (int i = 0; i < Math.min(k, n); i++) {
                String[] f = cameraRows.get(i + 1).split(",");
                b.addCamera(Camera.at(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
            }
            for (int i = 0; i < k - n; i++) {
                b.addFootage(clips.get(i)[0], clips.get(i)[1], clips.get(i)[2]);
            }
            GeoIndex reference = b.build();
            assertThat(recovered.cameraCount()).isEqualTo(reference.cameraCount());
            for (int q = 0; q < 30; q++) {
                Area area = Area.circle(41.9 + random.nextDouble(-0.05, 0.05), -87.7 + random.nextDouble(-0.05, 0.05), 300 + random.nextInt(3000));
                long from = t0 + random.nextLong(0, 86_400_000L);
                long to = from + 1 + random.nextLong(6 * 3_600_000L);
                assertThat(recovered.matchIds(area, from, to, t0 + 2 * 86_400_000L))
                    .as("round " + round + " after " + k + " rows, " + acked + " acked")
                    .containsExactly(reference.matchIds(area, from, to, t0 + 2 * 86_400_000L));
            }
        }
    }

    /** Runs {@code store load} in a child JVM, kills it with SIGKILL, and returns the last row count it acked. */
    private static long loadAndKill(Path store, Path cams, Path foot, long afterMillis, String where) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), GeomatchCli.class.getName(),
            "store", "load", "--store", store.toString(), "--cameras", cams.toString(), "--footage", foot.toString(), "--durability", "write")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong acked = new AtomicLong();
        AtomicLong first = new AtomicLong(-1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    acked.set(Long.parseLong(line.substring("acked ".length())));
                    first.compareAndSet(-1, System.nanoTime());
                }
            } catch (IOException e) {
                // killed
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            long f = first.get();
            if (f >= 0 && System.nanoTime() - f > TimeUnit.MILLISECONDS.toNanos(afterMillis)) {
                break;
            }
            Thread.sleep(2);
        }
        assertThat(child.isAlive()).as(where + ": the load ended before it could be killed; make the input larger").isTrue();
        child.destroyForcibly();
        child.waitFor();
        reader.join();
        return acked.get();
    }
}
