package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.OracleCases;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every implementation of the query against {@link BruteForce}, on the same seeded cases
 * ({@link OracleCases}: polygons (convex, concave, holes, multi, overlapping collections,
 * many-vertex), circles (one exactly through a camera) and H3 cell sets; cameras exactly on
 * vertices and edges and a hair off them, and stacked on one point; windows and footage on bucket
 * edges; retention cut-offs; opted-out and e2ee cameras). The implementations:
 * <ul>
 *   <li>{@link Implementation#BUILT}: a {@link GeoIndex} as built;</li>
 *   <li>{@link Implementation#SNAPSHOT}: the same index written and reopened, memory-mapped;</li>
 *   <li>{@link Implementation#LIVE_OVERLAY}: a {@link LiveIndex} over a base of half the cameras,
 *       with the rest of the data as an unmerged overlay of changes ({@link OracleCases#split}):
 *       new cameras, footage appended to base cameras, base cameras upserted again, moved away
 *       and back, and deleted and re-added with all their footage;</li>
 *   <li>{@link Implementation#STORE_RECOVERED}: a {@link GeoStore} given the same changes, a
 *       checkpoint half-way, then copied while open (what {@code kill -9} leaves) and opened,
 *       which recovers the checkpoint and replays the log after it.</li>
 * </ul>
 * Every failure names the seed, the implementation and the query, to replay.
 */
class MatchOracleTest {
    @TempDir
    Path tmp;

    /** The ways a query is answered. */
    enum Implementation { BUILT, SNAPSHOT, LIVE_OVERLAY, STORE_RECOVERED }

    /** Answers queries, whatever the implementation. */
    private interface Queryable {
        long[] ids(Area area, long from, long to, long now);

        int count(Area area, long from, long to, long now);
    }

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        long[] buckets = {1, 1_000, 60_000, 900_000};
        for (long seed = 1; seed <= 6; seed++) {
            for (Implementation implementation : Implementation.values()) {
                args.add(Arguments.of(seed, buckets[(int) (seed % buckets.length)], implementation));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} {2}")
    @MethodSource("runs")
    void shouldMatchBruteForceForEveryAreaKind(long seed, long bucketMillis, Implementation implementation) throws IOException {
        OracleCases.Case oracleCase = OracleCases.build(seed, bucketMillis);
        Dataset data = oracleCase.data();
        try (Closer closer = new Closer()) {
            Queryable index = open(implementation, data, bucketMillis, closer);
            long matched = 0;
            for (OracleCases.Check check : oracleCase.checks()) {
                boolean[] inside = BruteForce.inside(data, check.region());
                for (long[] w : oracleCase.windows()) {
                    long[] expected = BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]);
                    matched += expected.length;
                    String where = String.format("seed=%d bucketMillis=%d %s %s from=%d to=%d now=%d", seed, bucketMillis, implementation,
                        check.label(), w[0], w[1], w[2]);
                    assertThat(index.ids(check.area(), w[0], w[1], w[2])).as(where).containsExactly(expected);
                    assertThat(index.count(check.area(), w[0], w[1], w[2])).as(where).isEqualTo(expected.length);
                }
            }
            assertThat(matched).as("seed=%d: the workload must produce matches to compare", seed).isGreaterThan(500);
        }
    }

    /** Closes what a run opened, last first. */
    private static final class Closer implements AutoCloseable {
        private final List<AutoCloseable> open = new ArrayList<>();

        <T extends AutoCloseable> T add(T resource) {
            open.add(resource);
            return resource;
        }

        @Override
        public void close() throws IOException {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    private Queryable open(Implementation implementation, Dataset data, long bucketMillis, Closer closer) throws IOException {
        switch (implementation) {
            case BUILT -> {
                return of(closer.add(data.build(bucketMillis)));
            }
            case SNAPSHOT -> {
                Path file = tmp.resolve("index.geomatch");
                try (GeoIndex built = data.build(bucketMillis)) {
                    built.snapshot(file);
                }
                return of(closer.add(GeoIndex.open(file)));
            }
            case LIVE_OVERLAY -> {
                OracleCases.Split split = OracleCases.split(data);
                GeoIndexBuilder base = GeoIndex.builder(bucketMillis);
                for (LiveOp op : split.base()) {
                    if (op.kind() == LiveOp.Kind.UPSERT) {
                        base.addCamera(op.camera());
                    } else {
                        base.addFootage(op.id(), op.start(), op.end());
                    }
                }
                LiveIndex live = closer.add(LiveIndex.of(base.build(), LiveOptions.defaults().mergeThreshold(1 << 20)));
                for (LiveOp op : split.changes()) {
                    op.applyTo(live);
                }
                assertThat(live.view().deltaRows()).as("the changes stay an overlay").isEqualTo(split.changes().size());
                return of(live.view());
            }
            case STORE_RECOVERED -> {
                Path dir = tmp.resolve("store");
                StoreOptions options = StoreOptions.defaults().durability(StoreOptions.Durability.WRITE).checkpointLogBytes(1L << 40);
                OracleCases.Split split = OracleCases.split(data);
                List<LiveOp> all = new ArrayList<>(split.base());
                int checkpointAt = all.size();
                all.addAll(split.changes());
                Path copy = tmp.resolve("crashed");
                try (GeoStore store = GeoStore.create(dir, bucketMillis, LiveOptions.defaults(), options)) {
                    Mutations batch = new Mutations();
                    for (int i = 0; i < all.size(); i++) {
                        all.get(i).addTo(batch);
                        if (batch.size() == 1000 || i + 1 == checkpointAt || i + 1 == all.size()) {
                            store.apply(batch);
                            batch.clear();
                        }
                        if (i + 1 == checkpointAt) {
                            store.checkpoint();
                        }
                    }
                    copyOpenDirectory(dir, copy);
                }
                GeoStore recovered = closer.add(GeoStore.open(copy, options));
                assertThat(recovered.durableOps()).isEqualTo(all.size());
                return of(recovered.view());
            }
            default -> throw new AssertionError(implementation);
        }
    }

    private static void copyOpenDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path f : files) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static Queryable of(GeoIndex index) {
        return new Queryable() {
            @Override
            public long[] ids(Area area, long from, long to, long now) {
                return index.matchIds(area, from, to, now);
            }

            @Override
            public int count(Area area, long from, long to, long now) {
                return index.count(area, from, to, now);
            }
        };
    }

    private static Queryable of(LiveView view) {
        return new Queryable() {
            @Override
            public long[] ids(Area area, long from, long to, long now) {
                return view.matchIds(area, from, to, now);
            }

            @Override
            public int count(Area area, long from, long to, long now) {
                Matches counting = Matches.countOnly();
                view.match(area, from, to, now, counting);
                return counting.count();
            }
        };
    }
}
