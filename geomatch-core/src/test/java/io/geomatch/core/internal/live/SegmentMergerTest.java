package io.geomatch.core.internal.live;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.memory.MemoryBudget;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.FootageBlocks;
import io.geomatch.core.internal.segment.IndexAssembler;
import io.geomatch.core.internal.segment.IndexColumns;
import io.geomatch.core.internal.segment.SnapshotFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A merge against the state it must produce, worked out independently: a base of cameras with
 * footage and a delta of new cameras, moves, setting changes, deletes, re-adds and appended
 * footage are folded into a segment, which must hold exactly the final cameras (ids, places,
 * attributes) in Morton order, and per camera exactly the union of its footage buckets (stored
 * and appended, clipped to the horizon) as disjoint, non-adjacent runs; written as a snapshot, it
 * must pass the file's full structural verification (slot masks equal to the runs' slots, and
 * so on). With tiers, the changes come in phases: after each but the last, the delta is frozen
 * into a footage tier and its camera versions carried to a fresh delta, as the live writer does,
 * and the full merge folds base, tiers and the last delta.
 */
class SegmentMergerTest {
    @TempDir
    Path dir;

    /** A camera of the expected state, and its footage buckets. */
    private static final class Expected {
        double lat;
        double lon;
        int attributes;
        final List<long[]> buckets = new ArrayList<>();
    }

    @ParameterizedTest(name = "seed={0} appended=[{1}, +{2}) horizon={3} phases={4}")
    @CsvSource({
        // Appended footage inside the base's span: the layout is kept and unchanged cameras are copied.
        "1, 0, 1000, -9223372036854775808, 1",
        // After it, and before it: new layouts.
        "2, 20000, 2000, -9223372036854775808, 1",
        "3, -5000, 2000, -9223372036854775808, 1",
        // A horizon that drops and clips stored runs.
        "4, 0, 1000, 10400, 1",
        "5, 20000, 2000, 10400, 1",
        "6, -5000, 2000, 10400, 1",
        // The same with the changes in phases, the earlier ones frozen into tiers.
        "7, 0, 1000, -9223372036854775808, 3",
        "8, 20000, 2000, -9223372036854775808, 4",
        "9, -5000, 2000, 10400, 3",
        "10, 0, 1000, 10400, 5",
        // Footage so far after the base that its buckets no longer fit 4-byte runs: 8-byte runs.
        "11, 70000, 2000, -9223372036854775808, 1",
        "12, 70000, 2000, 10400, 3"})
    void shouldHoldExactlyTheFinalState(long seed, long appendedFrom, int appendedSpan, long horizon, int phases) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, Expected> state = new TreeMap<>();
        int n = 300;
        long[] ids = new long[n];
        double[] lat = new double[n];
        double[] lon = new double[n];
        int[] attributes = new int[n];
        FootageBlocks footage = new FootageBlocks();
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            lat[i] = 41.8 + random.nextDouble() * 0.2;
            lon[i] = -87.7 + random.nextDouble() * 0.2;
            attributes[i] = new int[] {1, 7, 30}[random.nextInt(3)] | (random.nextInt(8) == 0 ? CameraAttributes.OPTED_OUT : 0);
            Expected e = new Expected();
            e.lat = lat[i];
            e.lon = lon[i];
            e.attributes = attributes[i];
            state.put(ids[i], e);
            for (int k = random.nextInt(4); k > 0; k--) {
                long first = 10_000 + random.nextInt(1_000);
                long last = first + random.nextInt(40);
                footage.add(i, first, last);
                e.buckets.add(new long[] {first, last});
            }
        }
        IndexColumns base = new IndexAssembler(60_000, (phase, done, total) -> { }).assemble(n, ids, lat, lon, attributes, new long[n], footage);
        OrdinalsById ordinals = new OrdinalsById(n, o -> base.ids().getLong(o * Long.BYTES));

        MemoryBudget budget = new MemoryBudget(MemoryBudget.UNLIMITED);
        SealedIndex sealed = new SealedIndex(base);
        List<FootageTier> tiers = new ArrayList<>();
        Delta delta = new Delta(n, 1 << 12, 0, n);
        for (int step = 0; step < 600; step++) {
            if (step > 0 && step % (600 / phases) == 0 && step / (600 / phases) < phases) {
                // Freeze: the footage into a tier, the camera versions into a fresh delta.
                LiveState at = new LiveState(new Generation(sealed, ordinals, tiers.toArray(new FootageTier[0]), delta),
                    delta.slotCount(), delta.versionCount(), delta.footageCount(), 0, step, state.size());
                FootageTier tier = FootageTier.freeze(delta, delta.slotCount(), delta.versionCount(), delta.footageCount(), horizon, budget);
                if (tier != null) {
                    tiers.add(tier);
                }
                CarryOver carry = new CarryOver(at, new Delta(n, 1 << 12, delta.gen() + 1, n), null);
                carry.to(delta.versionCount(), delta.footageCount(), null);
                delta = carry.fresh();
            }
            long id = 1000 + random.nextInt(n + 60);
            Expected e = state.get(id);
            int ordinal = ordinals.ordinalOf(id);
            int slot = ordinal >= 0 ? delta.slotOfBase(ordinal) : delta.slotOfNew(id);
            if (slot == Delta.NONE) {
                slot = delta.addSlot(id, ordinal >= 0 ? ordinal : delta.newKey());
            }
            int r = random.nextInt(10);
            if (e == null || r < 2) {
                // New, moved, or changed: an upsert (a new camera starts without footage).
                Expected now = e == null ? new Expected() : e;
                now.lat = 41.8 + random.nextDouble() * 0.2;
                now.lon = -87.7 + random.nextDouble() * 0.2;
                now.attributes = new int[] {1, 7, 30}[random.nextInt(3)] | (random.nextInt(8) == 0 ? CameraAttributes.E2EE : 0);
                state.put(id, now);
                delta.appendVersion(slot, now.lat, now.lon, now.attributes, 0L);
            } else if (r < 3) {
                state.remove(id);
                delta.appendVersion(slot, Double.NaN, Double.NaN, Delta.ATTR_DELETED, 0L);
            } else {
                long first = 10_000 + appendedFrom + random.nextInt(appendedSpan);
                long last = Math.min(first + random.nextInt(5), 10_000 + appendedFrom + appendedSpan - 1);
                e.buckets.add(new long[] {first, last});
                delta.appendFootage(slot, first, last);
            }
        }

        // A phase whose footage lies wholly before the horizon leaves no tier.
        assertThat(tiers.size()).as("tiers folded in").isEqualTo(appendedFrom + 10_000 + appendedSpan <= horizon ? 0 : phases - 1);
        IndexColumns merged = SegmentMerger.merge(base, tiers.toArray(new FootageTier[0]), delta, delta.slotCount(), delta.versionCount(),
            delta.footageCount(), horizon, budget).columns();

        assertThat(merged.cameraCount()).isEqualTo(state.size());
        long previousKey = -1;
        for (int o = 0; o < merged.cameraCount(); o++) {
            long id = merged.ids().getLong(o * Long.BYTES);
            Expected e = state.get(id);
            assertThat(e).as("ordinal %d holds id %d, which should not exist", o, id).isNotNull();
            assertThat(merged.latDegrees(o)).isEqualTo(e.lat);
            assertThat(merged.lonDegrees(o)).isEqualTo(e.lon);
            assertThat(merged.cameraAttributes(o)).isEqualTo(e.attributes);
            assertThat(merged.key(o)).as("Morton order").isGreaterThanOrEqualTo(previousKey);
            previousKey = merged.key(o);
            List<long[]> runs = new ArrayList<>();
            for (int run = merged.firstRun(o); run < merged.firstRun(o + 1); run++) {
                runs.add(new long[] {merged.runFirst(run) + merged.baseBucket(), merged.runLast(run) + merged.baseBucket()});
            }
            assertThat(runs).as("runs of camera %d", id).containsExactlyElementsOf(union(e.buckets, horizon));
        }
        assertThat(merged.runStride()).as("the narrowest runs that hold the span")
            .isEqualTo(appendedFrom + appendedSpan > IndexColumns.MAX_SHORT_BUCKET ? IndexColumns.NARROW_RUN : IndexColumns.SHORT_RUN);
        if (appendedFrom == 0 && horizon == SegmentMerger.NO_HORIZON) {
            assertThat(merged.baseBucket()).as("appended footage fits the base's layout").isEqualTo(base.baseBucket());
            assertThat(merged.slotBuckets()).isEqualTo(base.slotBuckets());
        }
        Path file = dir.resolve("merged.geomatch");
        SnapshotFile.write(merged, file);
        assertThat(SnapshotFile.open(file).cameraCount()).isEqualTo(state.size());
    }

    /** @return the union of the intervals from {@code horizon} on, as sorted, disjoint, non-adjacent runs */
    private static List<long[]> union(List<long[]> intervals, long horizon) {
        TreeMap<Long, Boolean> buckets = new TreeMap<>();
        for (long[] i : intervals) {
            for (long b = Math.max(i[0], horizon); b <= i[1]; b++) {
                buckets.put(b, true);
            }
        }
        List<long[]> runs = new ArrayList<>();
        for (long b : buckets.keySet()) {
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == b - 1) {
                runs.get(runs.size() - 1)[1] = b;
            } else {
                runs.add(new long[] {b, b});
            }
        }
        return runs;
    }
}
