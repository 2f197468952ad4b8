package io.geomatch.core.internal.spatial;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.H3Cases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link H3CellMatcher} against h3-java's {@code latLngToCell} itself, point by point: at every
 * resolution, for the sets of {@link H3Cases} (pentagons, the antimeridian, the poles, a face
 * centre, holes, mixed resolutions), at every vertex and along every edge of their cells, exactly
 * and a hair either side; rectangles it decides whole hold only points that agree; and the
 * structure behind it (outlines, margins, cells left out) is what the design says. Seeds are
 * fixed; a failure names the seed, the set and the point.
 */
class H3CellMatcherTest {
    private static final H3Core H3 = BruteForce.h3();
    private static final long SEED = 20261207L;

    static IntStream resolutions() {
        return IntStream.rangeClosed(0, 15);
    }

    /** {@code latLngToCell(lat, lon, resolution(c)) == c} for some cell of the set, one call per resolution. */
    private static final class Oracle {
        final Set<Long> cells = new HashSet<>();
        final int[] resolutions;

        Oracle(long[] set) {
            for (long c : set) {
                cells.add(c);
            }
            resolutions = Arrays.stream(set).mapToInt(H3::getResolution).distinct().toArray();
        }

        boolean covers(double lat, double lon) {
            for (int res : resolutions) {
                if (cells.contains(H3.latLngToCell(lat, lon, res))) {
                    return true;
                }
            }
            return false;
        }
    }

    @ParameterizedTest(name = "res {0}")
    @MethodSource("resolutions")
    void shouldAgreeWithLatLngToCellOnAndNearEveryVertexAndEdge(int res) {
        SplittableRandom random = new SplittableRandom(SEED + res);
        List<String> wrong = new ArrayList<>();
        int[] probes = new int[2];
        for (Object[] place : H3Cases.places(res, random)) {
            for (H3Cases.CellSet set : H3Cases.sets((String) place[0], (double) place[1], (double) place[2], res, random)) {
                H3CellMatcher matcher = H3CellMatcher.of(set.cells());
                Oracle oracle = new Oracle(set.cells());
                H3Cases.probes(set.cells(), true, random, (lat, lon) -> {
                    boolean want = oracle.covers(lat, lon);
                    probes[want ? 1 : 0]++;
                    if (matcher.covers(lat, lon) != want && wrong.size() < 20) {
                        wrong.add(String.format("seed=%d %s lat=%s lon=%s latLngToCell says %s", SEED + res, set, lat, lon, want));
                    }
                });
            }
        }
        assertThat(wrong).isEmpty();
        // Both answers, many times: the probes straddle the cells' edges.
        assertThat(probes[0]).isGreaterThan(1000);
        assertThat(probes[1]).isGreaterThan(1000);
    }

    @ParameterizedTest(name = "res {0}")
    @MethodSource("resolutions")
    void shouldDecideRectanglesWholeOnlyWhereEveryPointAgrees(int res) {
        SplittableRandom random = new SplittableRandom(SEED * 31 + res);
        int[] kinds = new int[4];
        List<String> wrong = new ArrayList<>();
        int[] edges = new int[SpatialMatcher.MAX_CELL_EDGES];
        for (Object[] place : H3Cases.places(res, random)) {
            for (H3Cases.CellSet set : H3Cases.sets((String) place[0], (double) place[1], (double) place[2], res, random)) {
                H3CellMatcher matcher = H3CellMatcher.of(set.cells());
                Oracle oracle = new Oracle(set.cells());
                double edge = Math.toDegrees(edgeRadians(res));
                for (int r = 0; r < 60; r++) {
                    // Rectangles from a thousandth of an edge to three edges wide, around the set's cells.
                    LatLng c = H3.cellToLatLng(set.cells()[random.nextInt(set.cells().length)]);
                    double w = edge * Math.pow(10, -3 + 3.5 * random.nextDouble());
                    double h = edge * Math.pow(10, -3 + 3.5 * random.nextDouble());
                    double x0 = Math.max(-180, Math.min(180 - w, c.lng + (random.nextDouble() - 0.7) * 2 * edge));
                    double y0 = Math.max(-90, Math.min(90 - h, c.lat + (random.nextDouble() - 0.7) * 2 * edge));
                    int kind = SpatialMatcher.kindOf(matcher.classify(x0, y0, x0 + w, y0 + h, edges));
                    kinds[kind]++;
                    if (kind != SpatialMatcher.INSIDE && kind != SpatialMatcher.OUTSIDE) {
                        continue;
                    }
                    for (int i = 0; i <= 6; i++) {
                        for (int j = 0; j <= 6; j++) {
                            double lon = i == 6 ? x0 + w : x0 + w * i / 6;
                            double lat = j == 6 ? y0 + h : y0 + h * j / 6;
                            if (oracle.covers(lat, lon) != (kind == SpatialMatcher.INSIDE) && wrong.size() < 20) {
                                wrong.add(String.format("seed=%d %s rectangle %s,%s..%s,%s classified %d, but lat=%s lon=%s disagrees",
                                    SEED * 31 + res, set, x0, y0, x0 + w, y0 + h, kind, lat, lon));
                            }
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(kinds[SpatialMatcher.INSIDE]).as("rectangles decided inside").isPositive();
        assertThat(kinds[SpatialMatcher.OUTSIDE]).as("rectangles decided outside").isPositive();
        assertThat(kinds[SpatialMatcher.BOUNDARY]).as("rectangles left to their points").isPositive();
        assertThat(kinds[SpatialMatcher.EDGES]).as("H3 cells never name edges").isZero();
    }

    @Test
    void shouldOutlineAUnionAlongTheEdgesBetweenItsCellsAndTheRest() {
        long cell = H3.latLngToCell(41.8781, -87.6298, 10);
        H3CellOutline one = H3CellOutline.of(H3, new long[] {cell});
        // A res-10 hexagon: six edges, each shorter than needs densifying, closed.
        assertThat(one.rings).hasSize(1);
        assertThat(one.rings.get(0)).hasSize(2 * 7);
        assertThat(one.leftOut).isEmpty();
        // The smallest margin, over the cosine of the highest latitude.
        assertThat(one.marginDegrees).isBetween(H3CellOutline.MIN_MARGIN_DEGREES, H3CellOutline.MIN_MARGIN_DEGREES / Math.cos(Math.toRadians(42)));
        // A ring of six around a missing centre: an outer ring of 18 edges and the hole's 6.
        List<Long> ring = new ArrayList<>(H3.gridDisk(cell, 1));
        ring.remove(Long.valueOf(cell));
        H3CellOutline holed = H3CellOutline.of(H3, ring.stream().mapToLong(Long::longValue).sorted().toArray());
        assertThat(holed.rings).extracting(r -> r.length / 2 - 1).containsExactlyInAnyOrder(18, 6);
        // The disk with its centre: the same outer ring, no hole.
        H3CellOutline disk = H3CellOutline.of(H3, H3.gridDisk(cell, 1).stream().mapToLong(Long::longValue).sorted().toArray());
        assertThat(disk.rings).extracting(r -> r.length / 2 - 1).containsExactly(18);
        // A res-0 cell's edges are a thousand kilometres long: densified, with a margin of a millionth of an edge.
        long coarse = H3.latLngToCell(41.8781, -87.6298, 0);
        H3CellOutline big = H3CellOutline.of(H3, new long[] {coarse});
        assertThat(big.rings.get(0).length / 2 - 1).isGreaterThan(6 * 10);
        assertThat(big.marginDegrees).isGreaterThan(1e-6).isLessThan(1e-4);
    }

    @Test
    void shouldRunAPentagonsOutlineThroughEveryVertexIncludingTheDistortionVerticesOfClassIII() {
        for (int res = 0; res <= 15; res++) {
            long pentagon = H3.getPentagons(res).iterator().next();
            List<LatLng> boundary = H3.cellToBoundary(pentagon);
            // Class III pentagons cross five icosahedron edges: five more vertices.
            assertThat(boundary).as("res %d", res).hasSize(res % 2 == 0 ? 5 : 10);
            double[] ring = H3CellOutline.of(H3, new long[] {pentagon}).rings.get(0);
            int found = 0;
            for (LatLng v : boundary) {
                for (int k = 0; k < ring.length; k += 2) {
                    if (ring[k] == v.lng && ring[k + 1] == v.lat) {
                        found++;
                        break;
                    }
                }
            }
            assertThat(found).as("res %d", res).isEqualTo(boundary.size());
        }
    }

    @Test
    void shouldLeaveOutCellsAcrossTheAntimeridianOrHoldingAPole() {
        for (int res : new int[] {0, 3, 9}) {
            long across = H3.latLngToCell(-16.5, 180, res);
            long[] disk = H3.gridDisk(across, 1).stream().mapToLong(Long::longValue).sorted().toArray();
            H3CellOutline outline = H3CellOutline.of(H3, disk);
            assertThat(outline.leftOut).as("res %d", res).isNotEmpty().hasSizeLessThan(disk.length);
            for (long c : outline.leftOut) {
                double min = H3.cellToBoundary(c).stream().mapToDouble(p -> p.lng).min().orElseThrow();
                double max = H3.cellToBoundary(c).stream().mapToDouble(p -> p.lng).max().orElseThrow();
                assertThat(max - min).as("a left-out cell crosses the antimeridian").isGreaterThan(180);
            }
            for (double[] r : outline.rings) {
                for (int k = 2; k < r.length; k += 2) {
                    assertThat(Math.abs(r[k] - r[k - 2])).as("no outline edge jumps across the antimeridian").isLessThan(180);
                }
            }
            long pole = H3.latLngToCell(90, 0, res);
            assertThat(H3CellOutline.of(H3, new long[] {pole}).leftOut).containsExactly(pole);
        }
    }

    @Test
    void shouldWidenTheMarginNearAFaceCentreWhereH3IsLeastPrecise() {
        double[] face = H3Cases.faceCentres()[7];
        for (int res = 9; res <= 15; res++) {
            long centre = H3.latLngToCell(face[0], face[1], res);
            double edgeRadians = edgeRadians(res);
            H3CellOutline outline = H3CellOutline.of(H3, new long[] {centre});
            // h3 measures a point's distance from the face centre as acos(1 - d^2/2): about 1e-16 / r
            // radians of error at r radians from it, which the margin must exceed near its centre cell.
            double error = Math.toDegrees(1e-16 / (0.8 * edgeRadians));
            assertThat(outline.marginDegrees).as("res %d", res).isGreaterThan(10 * error);
        }
        long far = H3.latLngToCell(41.8781, -87.6298, 15);
        assertThat(H3CellOutline.of(H3, new long[] {far}).marginDegrees)
            .isBetween(H3CellOutline.MIN_MARGIN_DEGREES, H3CellOutline.MIN_MARGIN_DEGREES / Math.cos(Math.toRadians(42)));
    }

    /** @return the mean edge length of a resolution's hexagons, radians of the sphere */
    private static double edgeRadians(int res) {
        return H3.getHexagonEdgeLengthAvg(res, com.uber.h3core.LengthUnit.km) / 6371.0088;
    }

    @Test
    void shouldDecideAlmostEveryPointWithoutH3() {
        // About a 0.5 mi² area of res-10 cells, as in the benchmark.
        long centre = H3.latLngToCell(41.8781, -87.6298, 10);
        long[] cells = H3.gridDisk(centre, 5).stream().mapToLong(Long::longValue).sorted().toArray();
        H3CellUnion union = H3CellUnion.of(H3, cells);
        SplittableRandom random = new SplittableRandom(SEED);
        int asked = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double lat = union.box[1] + random.nextDouble() * (union.box[3] - union.box[1]);
            double lon = union.box[0] + random.nextDouble() * (union.box[2] - union.box[0]);
            asked += union.locate(lat, lon) == SpatialMatcher.BOUNDARY ? 1 : 0;
        }
        assertThat((double) asked / n).as("points left to latLngToCell").isLessThan(1e-4);
        // ... while some probes on and beside the outline's edges are: the margin is real.
        long rim = H3.gridRing(centre, 5).get(0);
        int[] near = new int[1];
        H3Cases.probes(new long[] {rim}, false, random, (lat, lon) -> near[0] += union.locate(lat, lon) == SpatialMatcher.BOUNDARY ? 1 : 0);
        assertThat(near[0]).isPositive();
    }
}
