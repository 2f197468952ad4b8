package io.geomatch.core;

import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.OracleCases;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four ways the oracle tests have the same dataset answered: a built {@link GeoIndex}, the
 * same index reopened from a snapshot, a {@link LiveIndex} over a base of half the cameras with
 * the rest of the data as an unmerged overlay of changes (new cameras, footage appended to base
 * cameras, base cameras upserted again, moved away and back, deleted and re-added with all their
 * footage), and a {@link GeoStore} given the same changes, a checkpoint half-way, then copied while
 * open (what {@code kill -9} leaves) and opened, which recovers the checkpoint and replays the log.
 */
final class Implementations {
    /** The ways a query is answered. */
    enum Implementation { BUILT, SNAPSHOT, LIVE_OVERLAY, STORE_RECOVERED }

    /** Answers queries, whatever the implementation. */
    interface Queryable {
        long[] ids(Area area, long from, long to, long now, MatchMode mode);

        int count(Area area, long from, long to, long now, MatchMode mode);
    }

    private Implementations() {
    }

    /** Closes what a run opened, last first. */
    static final class Closer implements AutoCloseable {
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

    static Queryable open(Implementation implementation, Dataset data, long bucketMillis, Path tmp, Closer closer) throws IOException {
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
            public long[] ids(Area area, long from, long to, long now, MatchMode mode) {
                return index.matchIds(area, from, to, now, mode);
            }

            @Override
            public int count(Area area, long from, long to, long now, MatchMode mode) {
                return index.count(area, from, to, now, mode);
            }
        };
    }

    private static Queryable of(LiveView view) {
        return new Queryable() {
            @Override
            public long[] ids(Area area, long from, long to, long now, MatchMode mode) {
                return view.matchIds(area, from, to, now, mode);
            }

            @Override
            public int count(Area area, long from, long to, long now, MatchMode mode) {
                Matches counting = Matches.countOnly();
                view.match(area, from, to, now, mode, counting);
                return counting.count();
            }
        };
    }

}
