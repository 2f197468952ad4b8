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
 * The five ways the oracle tests have the same dataset answered: a built {@link GeoIndex}, the
 * same index reopened from a snapshot, a {@link LiveIndex} over a base of half the cameras with
 * the rest of the data as an unmerged overlay of changes (new cameras, footage appended to base
 * cameras, base cameras upserted again, moved away and back, deleted and re-added with all their
 * footage), a {@link LiveIndex} whose changes went through several merges into footage tiers
 * (with moves, opt-outs, deletes and re-adds after the camera's footage was sealed in a tier, and
 * decoy footage there that a delete must hide), read through a view of its final state, and a
 * {@link GeoStore} given the same changes as the overlay, a checkpoint half-way, then copied while
 * open (what {@code kill -9} leaves) and opened, which recovers the checkpoint and replays the log.
 */
final class Implementations {
    /** The ways a query is answered. */
    enum Implementation { BUILT, SNAPSHOT, LIVE_OVERLAY, LIVE_TIERED, STORE_RECOVERED }

    /** The tiered live index's merge threshold: small enough for several freezes, twice its camera changes. */
    private static final int TIERED_THRESHOLD = 4096;
    /** Each footage row is applied this many times in the tiered index (a union: the state is the same). */
    private static final int TIERED_COPIES = 4;
    /** How far decoy footage lies from the camera's real footage, ms. */
    private static final long DECOY_SHIFT_MILLIS = 3_600_000L;

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
            case LIVE_TIERED -> {
                Tiered tiered = tiered(data);
                GeoIndexBuilder base = GeoIndex.builder(bucketMillis);
                for (LiveOp op : tiered.base()) {
                    if (op.kind() == LiveOp.Kind.UPSERT) {
                        base.addCamera(op.camera());
                    } else {
                        base.addFootage(op.id(), op.start(), op.end());
                    }
                }
                LiveIndex live;
                try (GeoIndex built = base.build()) {
                    live = closer.add(LiveIndex.of(built, LiveOptions.defaults().mergeThreshold(TIERED_THRESHOLD).backgroundMerge(false)));
                }
                int mostSegments = 0;
                for (LiveOp op : tiered.changes()) {
                    op.applyTo(live);
                    try (LiveView v = live.view()) {
                        mostSegments = Math.max(mostSegments, v.segmentCount());
                    }
                }
                LiveView view = closer.add(live.view());
                assertThat(mostSegments).as("tiers at some point").isGreaterThanOrEqualTo(4);
                // Compactions may have folded the tiers into one by the end (LiveTiersOracleTest queries states with many).
                assertThat(view.segmentCount()).as("the base and a tier").isGreaterThanOrEqualTo(2);
                assertThat(view.deltaRows()).as("and a delta").isPositive();
                return of(view);
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

    /** A dataset as a base and changes that go through several tiers. */
    private record Tiered(List<LiveOp> base, List<LiveOp> changes) {
    }

    /**
     * Changes in three phases, each camera by its role ({@code c % 8}): 0 new; 7 new, deleted and
     * re-added; 1 and 6 base cameras with half their footage in the base; 2 base, all footage
     * through the delta; 3 moved away and back; 4 deleted and re-added; 5 opted the other way and
     * back. Phase one adds new cameras, decoy footage of roles 4 and 7 (their real clips shifted
     * by an hour, which their deletes must hide once sealed in a tier) and half the footage; phase
     * two moves, deletes and flips; phase three the rest of the footage, re-adds (with all their
     * footage), moves back and flips back. Every footage row is applied {@value #TIERED_COPIES}
     * times, so that the rows fill several deltas.
     */
    private static Tiered tiered(Dataset data) {
        List<LiveOp> base = new ArrayList<>();
        List<LiveOp> one = new ArrayList<>();
        List<LiveOp> two = new ArrayList<>();
        List<LiveOp> three = new ArrayList<>();
        int n = data.cameraCount();
        for (int c = 0; c < n; c++) {
            int role = c % 8;
            Camera camera = data.camera(c);
            switch (role) {
                case 0 -> one.add(LiveOp.upsert(camera));
                case 7 -> {
                    one.add(LiveOp.upsert(camera));
                    two.add(LiveOp.delete(camera.id()));
                    three.add(LiveOp.upsert(camera));
                }
                case 3 -> {
                    base.add(LiveOp.upsert(camera));
                    two.add(LiveOp.upsert(Camera.at(camera.id(), OracleCases.AWAY_LAT, OracleCases.AWAY_LON)));
                    three.add(LiveOp.upsert(camera));
                }
                case 4 -> {
                    base.add(LiveOp.upsert(camera));
                    two.add(LiveOp.delete(camera.id()));
                    three.add(LiveOp.upsert(camera));
                }
                case 5 -> {
                    base.add(LiveOp.upsert(camera));
                    two.add(LiveOp.upsert(camera.optedIn(!camera.optedIn())));
                    three.add(LiveOp.upsert(camera));
                }
                default -> base.add(LiveOp.upsert(camera));
            }
        }
        for (int f = 0; f < data.footageCount(); f++) {
            int c = data.footageCamera(f);
            int role = c % 8;
            long id = data.id(c);
            long start = data.footageStart(f);
            long end = data.footageEnd(f);
            if (role == 4 || role == 7) {
                for (int k = 0; k < TIERED_COPIES; k++) {
                    one.add(LiveOp.footage(id, start + DECOY_SHIFT_MILLIS, end + DECOY_SHIFT_MILLIS));
                    three.add(LiveOp.footage(id, start, end));
                }
                continue;
            }
            if ((role == 1 || role == 6) && f % 2 == 0) {
                base.add(LiveOp.footage(id, start, end));
                continue;
            }
            for (int k = 0; k < TIERED_COPIES; k++) {
                // Phase one for half the footage of the cameras that exist throughout, phase three for the rest.
                (role != 0 && f % 2 == 1 ? one : three).add(LiveOp.footage(id, start, end));
            }
        }
        List<LiveOp> changes = new ArrayList<>(one);
        changes.addAll(two);
        changes.addAll(three);
        return new Tiered(base, changes);
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
