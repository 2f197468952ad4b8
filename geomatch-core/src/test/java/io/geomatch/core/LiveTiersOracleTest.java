package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live index whose merges mostly freeze footage into tiers, against {@link LiveModel} after every
 * change. It starts from a built base of a few hundred cameras with footage; the changes are
 * mostly footage (so that the delta freezes into a tier every few dozen changes, tiers
 * compact in fours, and camera changes pile up until a full merge folds everything), mixed with
 * the script's upserts (half of them with a view), moves, opt-outs, deletes, re-adds and clock
 * advances, so that versions in the delta shadow footage sealed in older tiers and a delete hides
 * it. Every change is followed by a query by position and one by view (a lattice rectangle,
 * compared with the oracle's sector test, cameras whose answer depends on rounding left out), and
 * views held across later merges must still answer exactly the state they were taken in.
 */
class LiveTiersOracleTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final int STEPS = 1500;

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        int run = 0;
        for (long bucket : new long[] {60_000, 1}) {
            for (boolean background : new boolean[] {false, true}) {
                runs.add(Arguments.of(2000L + run, bucket, background, run % 2 == 0 ? 30 : 3));
                run++;
            }
        }
        return runs.stream();
    }

    /** A view held for a while, with the answers its state gave when it was taken. */
    private record Held(LiveView view, List<LiveScript.Query> queries, List<long[]> expected, int until) {
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} background={2} maxRetentionDays={3}")
    @MethodSource("runs")
    void shouldMatchTheModelThroughFreezesCompactionsAndFullMerges(long seed, long bucketMillis, boolean background, int maxRetention) {
        LiveModel model = new LiveModel(bucketMillis);
        SplittableRandom random = new SplittableRandom(seed);
        LiveScript script = new LiveScript(seed, model, maxRetention, Long.MAX_VALUE);
        LiveOptions options = LiveOptions.defaults().maxRetentionDays(maxRetention).mergeThreshold(64).backgroundMerge(background);
        String where = "seed=" + seed + " ";
        int mostSegments = 0;
        int segmentDrops = 0;
        int queriesOverTiers = 0;
        int nonEmpty = 0;
        int viewOnly = 0;
        int heldChecked = 0;
        List<Held> held = new ArrayList<>();
        try (LiveIndex live = start(model, seed, bucketMillis, options)) {
            int lastSegments = 1;
            for (int step = 0; step < STEPS; step++) {
                LiveOp op = model.cameras.isEmpty() || random.nextInt(8) == 0 ? withView(script.next(), random)
                    : script.footage(randomCamera(model, random));
                model.apply(op);
                op.applyTo(live);

                LiveScript.Query query = script.query();
                long[] expected = model.match(query.region(), query.from(), query.to(), query.now());
                int segments;
                try (LiveView view = live.view()) {
                    segments = view.segmentCount();
                    assertThat(view.matchIds(query.area(), query.from(), query.to(), query.now()))
                        .as(where + "step=" + step + " segments=" + segments + " after " + op + " query " + query).containsExactly(expected);
                    nonEmpty += expected.length > 0 ? 1 : 0;
                    queriesOverTiers += segments > 1 ? 1 : 0;

                    Geometry g = latticeRectangle(random);
                    long from = query.from();
                    long to = query.to();
                    long now = query.now();
                    boolean[] ambiguous = new boolean[model.cameras.size()];
                    BruteForce.Fleet fleet = model.fleet();
                    boolean[] inside = BruteForce.viewInside(fleet, g, ambiguous);
                    long[] byView = withoutAmbiguous(BruteForce.match(fleet, bucketMillis, inside, from, to, now), fleet, ambiguous);
                    assertThat(withoutAmbiguous(view.matchIds(Area.polygon(g), from, to, now, MatchMode.VIEW), fleet, ambiguous))
                        .as(where + "step=" + step + " by view " + g).containsExactly(byView);
                    viewOnly += byView.length - withoutAmbiguous(model.match(BruteForce.polygons(g), from, to, now), fleet, ambiguous).length;
                }
                segmentDrops += segments < lastSegments ? 1 : 0;
                lastSegments = segments;
                mostSegments = Math.max(mostSegments, segments);
                assertThat(live.matchIds(query.area(), query.from(), query.to(), query.now())).as(where + "step=" + step + " direct")
                    .containsExactly(expected);

                if (step % 100 == 50) {
                    List<LiveScript.Query> qs = new ArrayList<>();
                    List<long[]> answers = new ArrayList<>();
                    for (int q = 0; q < 3; q++) {
                        LiveScript.Query hq = script.query();
                        qs.add(hq);
                        answers.add(model.match(hq.region(), hq.from(), hq.to(), hq.now()));
                    }
                    held.add(new Held(live.view(), qs, answers, step + 200));
                }
                for (int h = held.size() - 1; h >= 0; h--) {
                    Held x = held.get(h);
                    if (x.until() == step) {
                        for (int q = 0; q < x.queries().size(); q++) {
                            LiveScript.Query hq = x.queries().get(q);
                            assertThat(x.view().matchIds(hq.area(), hq.from(), hq.to(), hq.now()))
                                .as(where + "a view held since step " + (x.until() - 200) + ", at step " + step).containsExactly(x.expected().get(q));
                            heldChecked++;
                        }
                        x.view().close();
                        held.remove(h);
                    }
                }
            }
        } finally {
            for (Held x : held) {
                x.view().close();
            }
        }
        assertThat(mostSegments).as("the base and several tiers at once").isGreaterThanOrEqualTo(4);
        assertThat(segmentDrops).as("compactions and full merges that folded tiers").isGreaterThanOrEqualTo(3);
        assertThat(queriesOverTiers).as("queries while tiers existed").isGreaterThan(STEPS / 2);
        assertThat(nonEmpty).as("non-empty answers").isGreaterThan(STEPS / 8);
        assertThat(viewOnly).as("matches only a view explains").isPositive();
        assertThat(heldChecked).isGreaterThanOrEqualTo(3 * 10);
    }

    /** A base of the first 300 changes of a script of its own (its cameras and their footage), built, then live. */
    private static LiveIndex start(LiveModel model, long seed, long bucketMillis, LiveOptions options) {
        GeoIndexBuilder builder = GeoIndex.builder(bucketMillis);
        List<LiveOp> footage = new ArrayList<>();
        LiveScript seeding = new LiveScript(~seed, model, options.maxRetentionDays(), Long.MAX_VALUE);
        for (int i = 0; i < 300; i++) {
            LiveOp op = seeding.next();
            if (op.kind() == LiveOp.Kind.UPSERT && !model.cameras.containsKey(op.id())) {
                model.apply(op);
                builder.addCamera(op.camera());
            } else if (op.kind() == LiveOp.Kind.FOOTAGE) {
                model.apply(op);
                footage.add(op);
            }
        }
        for (LiveOp op : footage) {
            builder.addFootage(op.id(), op.start(), op.end());
        }
        model.ops = 0;
        try (GeoIndex base = builder.build()) {
            assertThat(base.cameraCount()).isGreaterThan(30);
            return LiveIndex.of(base, options);
        }
    }

    /** Gives half of the upserts a view. */
    private static LiveOp withView(LiveOp op, SplittableRandom random) {
        if (op.kind() != LiveOp.Kind.UPSERT || random.nextBoolean()) {
            return op;
        }
        return LiveOp.upsert(op.camera().view(random.nextInt(36_000) / 100.0, 10 + random.nextInt(350), 5 + random.nextInt(195)));
    }

    private static long randomCamera(LiveModel model, SplittableRandom random) {
        int k = random.nextInt(model.cameras.size());
        for (long id : model.cameras.keySet()) {
            if (k-- == 0) {
                return id;
            }
        }
        throw new AssertionError();
    }

    private static Geometry latticeRectangle(SplittableRandom random) {
        int x0 = random.nextInt(-LiveScript.SPAN, LiveScript.SPAN);
        int y0 = random.nextInt(-LiveScript.SPAN, LiveScript.SPAN);
        int x1 = x0 + 1 + random.nextInt(12);
        int y1 = y0 + 1 + random.nextInt(12);
        Coordinate[] ring = {lattice(x0, y0), lattice(x1, y0), lattice(x1, y1), lattice(x0, y1), lattice(x0, y0)};
        return GF.createPolygon(ring);
    }

    private static Coordinate lattice(int x, int y) {
        return new Coordinate(LiveScript.LON0 + x * LiveScript.STEP, LiveScript.LAT0 + y * LiveScript.STEP);
    }

    private static long[] withoutAmbiguous(long[] ids, BruteForce.Fleet fleet, boolean[] ambiguous) {
        long[] skip = new long[fleet.cameraCount()];
        int n = 0;
        for (int c = 0; c < ambiguous.length; c++) {
            if (ambiguous[c]) {
                skip[n++] = fleet.id(c);
            }
        }
        long[] sorted = Arrays.copyOf(skip, n);
        Arrays.sort(sorted);
        return Arrays.stream(ids).filter(id -> Arrays.binarySearch(sorted, id) < 0).toArray();
    }
}
