package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live index against {@link LiveModel} after every change of a random script: upserts (new,
 * moved, settings changed, re-added after a delete), deletes, footage in any order, clock
 * advances that let merges drop old footage, and merges at random points (inline and in the
 * background, with a threshold small enough that dozens happen). The index starts empty, from a
 * built base, from a snapshot-opened base, or as a {@link GeoStore} recovered from a copy of a
 * live store's directory (then every change goes through the log, and merges are checkpoints); at
 * the end its sealed form, and that form written and reopened, must still agree. Every change is
 * also followed by a probe: a window on one clip's last bucket with {@code now} exactly at its
 * retention cut-off or 1 ms either side, over H3 cells, a radius-0 circle or a square cornered on
 * the camera.
 */
class LiveIndexOracleTest {
    /** How the index under test starts. */
    enum Start { EMPTY, BUILT, SNAPSHOT_OPENED, RECOVERED }

    /** What the suite drives: a live index, or a store recovered from a crash copy of its directory. */
    private interface Target extends AutoCloseable {
        void apply(LiveOp op) throws IOException;

        void merge() throws IOException;

        LiveView view();

        GeoIndex seal() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static Target of(LiveIndex live) {
        return new Target() {
            @Override
            public void apply(LiveOp op) {
                op.applyTo(live);
            }

            @Override
            public void merge() {
                live.merge();
            }

            @Override
            public LiveView view() {
                return live.view();
            }

            @Override
            public GeoIndex seal() {
                return live.seal();
            }

            @Override
            public void close() {
                live.close();
            }
        };
    }

    /** Changes go through the log one by one; a "merge" is a checkpoint, and the sealed form is the checkpoint snapshot. */
    private static Target of(GeoStore store, Path dir) {
        return new Target() {
            @Override
            public void apply(LiveOp op) throws IOException {
                Mutations m = new Mutations();
                op.addTo(m);
                store.apply(m);
            }

            @Override
            public void merge() throws IOException {
                store.checkpoint();
            }

            @Override
            public LiveView view() {
                return store.view();
            }

            @Override
            public GeoIndex seal() throws IOException {
                store.checkpoint();
                return GeoIndex.open(dir.resolve(io.geomatch.core.internal.durable.StoreFiles.snapshotName(store.durableOps())));
            }

            @Override
            public void close() throws IOException {
                store.close();
            }
        };
    }

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        long[] buckets = {60_000, 1};
        int run = 0;
        for (Start start : Start.values()) {
            for (long bucket : buckets) {
                for (boolean background : new boolean[] {false, true}) {
                    runs.add(Arguments.of(1000L + run++, bucket, start, background));
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} {2} background={3}")
    @MethodSource("runs")
    void shouldMatchTheModelAfterEveryChange(long seed, long bucketMillis, Start start, boolean background) throws IOException {
        LiveModel model = new LiveModel(bucketMillis);
        // A 3-day horizon makes merges drop footage; a recovered store starts with its clock already days ahead, so it keeps 30.
        int maxRetention = seed % 2 == 0 && start != Start.RECOVERED ? 3 : 30;
        LiveOptions options = LiveOptions.defaults().maxRetentionDays(maxRetention).mergeThreshold(64).backgroundMerge(background);
        Target live = start(start, model, seed, options, bucketMillis);
        LiveScript script = new LiveScript(seed, model, maxRetention, Long.MAX_VALUE);
        String where = "seed=" + seed + " ";
        int checked = 0;
        int nonEmpty = 0;
        int probes = 0;
        int probesMatched = 0;
        try (live) {
            for (int step = 0; step < 700; step++) {
                LiveOp op = script.next();
                model.apply(op);
                live.apply(op);
                if (script.random().nextInt(40) == 0) {
                    live.merge();
                }
                for (int q = 0; q < 2; q++) {
                    LiveScript.Query query = script.query();
                    long[] expected = model.match(query.region(), query.from(), query.to(), query.now());
                    assertThat(live.view().matchIds(query.area(), query.from(), query.to(), query.now()))
                        .as(where + "step=" + step + " after " + op + " query " + query)
                        .containsExactly(expected);
                    checked++;
                    nonEmpty += expected.length > 0 ? 1 : 0;
                }
                LiveScript.Query probe = script.probe();
                if (probe != null) {
                    long[] expected = model.match(probe.region(), probe.from(), probe.to(), probe.now());
                    assertThat(live.view().matchIds(probe.area(), probe.from(), probe.to(), probe.now()))
                        .as(where + "step=" + step + " after " + op + " probe " + probe)
                        .containsExactly(expected);
                    probes++;
                    probesMatched += expected.length > 0 ? 1 : 0;
                }
                assertThat(live.view().cameraCount()).as(where + "step=" + step).isEqualTo(model.cameras.size());
                assertThat(live.view().opCount()).isEqualTo(model.ops);
            }
            GeoIndex sealed = live.seal();
            Path file = dir.resolve("sealed.geomatch");
            sealed.snapshot(file);
            try (GeoIndex reopened = GeoIndex.open(file)) {
                for (int q = 0; q < 200; q++) {
                    LiveScript.Query query = script.query();
                    long[] expected = model.match(query.region(), query.from(), query.to(), query.now());
                    assertThat(sealed.matchIds(query.area(), query.from(), query.to(), query.now())).as(where + "sealed " + query)
                        .containsExactly(expected);
                    assertThat(reopened.matchIds(query.area(), query.from(), query.to(), query.now())).as(where + "reopened " + query)
                        .containsExactly(expected);
                    assertThat(live.view().matchIds(query.area(), query.from(), query.to(), query.now())).as(where + "after seal " + query)
                        .containsExactly(expected);
                }
            }
            assertThat(sealed.cameraCount()).isEqualTo(model.cameras.size());
        }
        // The script must exercise the index: many answers are not empty.
        assertThat(nonEmpty).as("non-empty answers of " + checked).isGreaterThan(checked / 8);
        // Cut-off probes go both ways: the camera is retained 1 ms before its cut-off, not at it.
        assertThat(probesMatched).as("probes with a match, of " + probes).isGreaterThan(probes / 10).isLessThan(probes);
    }

    private Target start(Start start, LiveModel model, long seed, LiveOptions options, long bucketMillis) throws IOException {
        if (start == Start.EMPTY) {
            return of(LiveIndex.create(bucketMillis, options));
        }
        if (start == Start.RECOVERED) {
            // 300 changes through a store, whose directory is then copied as a kill would leave it, and recovered.
            Path original = dir.resolve("original");
            StoreOptions storeOptions = StoreOptions.defaults().durability(StoreOptions.Durability.WRITE)
                .mergeThreshold(options.mergeThreshold()).checkpointLogBytes(8192);
            // No checkpoint while seeding, so the copy of the open directory is exactly what a kill leaves: the log.
            try (GeoStore store = GeoStore.create(original, bucketMillis, options, storeOptions.checkpointLogBytes(1L << 40))) {
                LiveScript seeding = new LiveScript(~seed, model, options.maxRetentionDays(), Long.MAX_VALUE);
                for (int i = 0; i < 300; i++) {
                    LiveOp op = seeding.next();
                    model.apply(op);
                    Mutations m = new Mutations();
                    op.addTo(m);
                    store.apply(m);
                }
                Path copy = dir.resolve("recovered");
                java.nio.file.Files.createDirectories(copy);
                try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(original)) {
                    for (Path f : files) {
                        java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
                GeoStore recovered = GeoStore.open(copy, storeOptions);
                assertThat(recovered.durableOps()).isEqualTo(300);
                return of(recovered, copy);
            }
        }
        // A base of 300 cameras with footage, built the ordinary way, and known to the model.
        GeoIndexBuilder builder = GeoIndex.builder(bucketMillis);
        List<LiveOp> footage = new ArrayList<>();
        LiveScript seeding = new LiveScript(~seed, model, options.maxRetentionDays(), Long.MAX_VALUE);
        for (int i = 0; i < 300; i++) {
            LiveOp op = seeding.next();
            if (op.kind() != LiveOp.Kind.UPSERT || model.cameras.containsKey(op.id())) {
                if (op.kind() == LiveOp.Kind.FOOTAGE) {
                    footage.add(op);
                    model.apply(op);
                }
                continue;
            }
            model.apply(op);
            builder.addCamera(op.camera());
        }
        for (LiveOp op : footage) {
            builder.addFootage(op.id(), op.start(), op.end());
        }
        model.ops = 0;
        GeoIndex base = builder.build();
        assertThat(base.cameraCount()).isGreaterThan(30);
        if (start == Start.SNAPSHOT_OPENED) {
            Path file = dir.resolve("base.geomatch");
            base.snapshot(file);
            base = GeoIndex.open(file);
        }
        return of(LiveIndex.of(base, options));
    }
}
