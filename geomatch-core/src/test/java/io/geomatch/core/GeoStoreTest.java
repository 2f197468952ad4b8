package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;
import io.geomatch.core.testing.StoreChecks;

import io.geomatch.core.internal.durable.StoreFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The durable store against the model: random batches of scripted changes (with refused changes
 * mixed in), closed and reopened at random points with checkpoints and merges happening
 * throughout, and compared with the model after every batch and after every recovery.
 */
class GeoStoreTest {
    private static final long B = 60_000;

    @TempDir
    Path dir;

    private static StoreOptions small(StoreOptions.Durability d) {
        return StoreOptions.defaults().durability(d).checkpointLogBytes(4096).mergeThreshold(64);
    }

    @ParameterizedTest(name = "seed={0} {1}")
    @CsvSource({"1, FSYNC", "2, WRITE", "3, WRITE"})
    void shouldMatchTheModelThroughBatchesReopensAndCheckpoints(long seed, StoreOptions.Durability durability) throws IOException {
        Path store = dir.resolve("store");
        LiveModel model = new LiveModel(B);
        LiveScript script = new LiveScript(seed, model, 30, Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(seed);
        GeoStore s = GeoStore.create(store, B, LiveOptions.defaults().maxRetentionDays(30), small(durability));
        int reopens = 0;
        int refusals = 0;
        try {
            for (int batch = 0; batch < 120; batch++) {
                Mutations m = new Mutations();
                int size = 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
                for (int i = 0; i < size; i++) {
                    LiveOp op = script.next();
                    op.addTo(m);
                    model.apply(op);
                }
                if (random.nextInt(8) == 0) {
                    // A refused change ends the batch: the one after it must not be applied either.
                    long unknown = -1 - batch;
                    m.deleteCamera(unknown).upsertCamera(Camera.at(1_000_000 + batch, LiveScript.LAT0, LiveScript.LON0).retentionDays(1));
                    GeoStore current = s;
                    assertThatThrownBy(() -> current.apply(m)).isInstanceOf(InvalidInputException.class)
                        .hasMessage("id " + unknown + " is not a known camera: only existing cameras can be deleted");
                    assertThat(m.accepted()).isEqualTo(size);
                    refusals++;
                } else {
                    assertThat(s.apply(m)).isEqualTo(model.ops);
                    assertThat(m.accepted()).isEqualTo(size);
                }
                StoreChecks.assertSame(s.view(), model, script, 3, "seed=" + seed + " batch=" + batch);
                if (random.nextInt(12) == 0) {
                    s.close();
                    s = GeoStore.open(store, small(durability));
                    reopens++;
                    StoreChecks.assertSame(s.view(), model, script, 20, "seed=" + seed + " reopened after batch=" + batch);
                }
            }
        } finally {
            s.close();
        }
        try (GeoStore again = GeoStore.open(store, small(durability))) {
            StoreChecks.assertSame(again.view(), model, script, 50, "seed=" + seed + " final reopen");
        }
        assertThat(reopens).isGreaterThan(3);
        assertThat(refusals).isGreaterThan(3);
        // Checkpoints ran along the way and the log they cover is gone.
        assertThat(StoreFiles.snapshots(store)).hasSize(1);
        assertThat(StoreFiles.walSegments(store).length).isLessThan(4);
    }

    @Test
    void shouldRefuseASecondStoreAndASecondOpener() throws IOException {
        Path store = dir.resolve("s");
        try (GeoStore s = GeoStore.create(store, B, LiveOptions.defaults(), StoreOptions.defaults())) {
            assertThatThrownBy(() -> GeoStore.create(store, B, LiveOptions.defaults(), StoreOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store " + store + " already holds a geomatch store");
            assertThatThrownBy(() -> GeoStore.open(store, StoreOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessage("store " + store + " is in use by another process");
            assertThat(s.view().opCount()).isZero();
        }
        assertThatThrownBy(() -> GeoStore.open(dir.resolve("missing"), StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("store " + dir.resolve("missing") + " does not exist (create it with init)");
        Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> GeoStore.open(dir.resolve("plain"), StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("store " + dir.resolve("plain") + " is not a geomatch store (no STORE file); create one with init");
    }

    @Test
    void shouldKeepSettingsAndClockAcrossReopen() throws IOException {
        Path store = dir.resolve("s");
        long t = LiveScript.T0;
        try (GeoStore s = GeoStore.create(store, B, LiveOptions.defaults().maxRetentionDays(7).latenessMillis(3_600_000), StoreOptions.defaults())) {
            s.apply(new Mutations().upsertCamera(Camera.at(1, 41.88, -87.63).retentionDays(7)).advanceClock(t));
        }
        try (GeoStore s = GeoStore.open(store, StoreOptions.defaults())) {
            assertThat(s.maxRetentionDays()).isEqualTo(7);
            assertThat(s.view().clockMillis()).isEqualTo(t);
            assertThatThrownBy(() -> s.apply(new Mutations().addFootage(1, t - 7_200_000, t - 3_600_000)))
                .hasMessageStartingWith("end " + (t - 3_600_000) + " is too late");
            assertThatThrownBy(() -> s.apply(new Mutations().upsertCamera(Camera.at(2, 41.88, -87.63).retentionDays(8))))
                .hasMessage("retention_days 8 is out of range, allowed 1..7 (maxRetentionDays of the live index)");
            assertThat(s.durableOps()).isEqualTo(2);
        }
    }
}
