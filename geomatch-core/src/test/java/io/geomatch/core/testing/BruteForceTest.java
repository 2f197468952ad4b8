package io.geomatch.core.testing;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle itself, on a hand-made world whose answers were worked out by hand from the README's "Matching contract",
 * not from the code: points exactly on an edge, on a vertex and on a hole's edge, footage ending
 * exactly where a window starts, a window starting exactly on a bucket boundary and one starting
 * mid-bucket, and a bucket exactly at the retention cut-off.
 */
class BruteForceTest {
    private static final long B = 60_000L;
    /** Chosen so that now - 1 day = 9,060,000 = 151 B: bucket 150 is just expired for a 1-day camera. */
    private static final long NOW = 95_460_000L;
    /** Window start exactly on a bucket boundary: 100 B. */
    private static final long FROM = 6_000_000L;
    /** Window end: the last window bucket is floor((TO - 1) / B) = 200. */
    private static final long TO = 12_000_001L;

    private static final Geometry SQUARE = wkt("POLYGON ((10 40, 20 40, 20 50, 10 50, 10 40))");
    private static final Geometry HOLED = wkt("POLYGON ((10 40, 20 40, 20 50, 10 50, 10 40), (12 42, 14 42, 14 44, 12 44, 12 42))");

    /*
     * id   lat  lon         opted e2ee days footage [start, end)                 why
     * 101  45   15          yes   no   30   [9,001,000, 9,006,000) bucket 150   inside
     * 102  40   15          yes   no   30   same                                on the south edge
     * 103  50   20          yes   no   30   same                                on the north-east vertex
     * 104  45   20.000001   yes   no   30   same                                just east of the square
     * 105  45   15          no    no   30   same                                opted out
     * 106  45   15          yes   yes  30   same                                end-to-end encrypted
     * 107  45   15          yes   no   30   [5,970,000, 6,000,000) bucket 99    ends where the window starts
     * 108  45   15          yes   no   30   [12,000,000, 12,005,000) bucket 200 the window's last bucket
     * 109  45   15          yes   no   1    [9,000,000, 9,005,000) bucket 150   (150+1) B = now - 1 day: expired
     * 110  45   15          yes   no   1    [9,060,000, 9,065,000) bucket 151   (151+1) B > now - 1 day: retained
     * 111  45   15          yes   no   30   [5,970,000, 6,000,001) buckets 99..100, its last ms is the window's first
     * 112  45   15          yes   no   30   [12,060,000, 12,065,000) bucket 201 after the window
     * 113  43   13          yes   no   30   as 101                              inside the hole
     * 114  42   13          yes   no   30   as 101                              on the hole's south edge
     * 115  45   15          yes   no   30   [6,000,000, 6,001,000) bucket 100   early in the window's first bucket
     * 116  45   15          yes   no   30   [1,000,000, 1,005,000) then as 101  only its second interval matches
     * 117  45   15          yes   no   30   none                                no footage
     */
    private static final BruteForce.Fleet WORLD = world();

    @Test
    void shouldMatchBoundaryPointsAndBucketEdgesInASquare() {
        assertThat(BruteForce.matchPolygons(WORLD, B, SQUARE, FROM, TO, NOW))
            .containsExactly(101, 102, 103, 108, 110, 111, 113, 114, 115, 116);
    }

    @Test
    void shouldLeaveOutTheHoleButKeepItsBoundary() {
        assertThat(BruteForce.matchPolygons(WORLD, B, HOLED, FROM, TO, NOW))
            .containsExactly(101, 102, 103, 108, 110, 111, 114, 115, 116);
    }

    @Test
    void shouldAgreeWithExactTimeAtOneMillisecondBuckets() {
        // B = 1: 107 ends at 6,000,000, which the window [6,000,000, ...) does not include; 109's
        // last millisecond 9,004,999 gives 9,005,000 <= 9,060,000, so it is expired.
        assertThat(BruteForce.matchPolygons(WORLD, 1L, SQUARE, FROM, TO, NOW))
            .containsExactly(101, 102, 103, 108, 110, 111, 113, 114, 115, 116);
    }

    @Test
    void shouldWidenAWindowStartingMidBucketToTheWholeBucket() {
        long midBucket = FROM + 30_000L;
        // With 1-minute buckets the window still spans bucket 100, so 111 and 115 still match.
        assertThat(BruteForce.matchPolygons(WORLD, B, SQUARE, midBucket, TO, NOW))
            .containsExactly(101, 102, 103, 108, 110, 111, 113, 114, 115, 116);
        // Exactly, both end before 6,030,000.
        assertThat(BruteForce.matchPolygons(WORLD, 1L, SQUARE, midBucket, TO, NOW))
            .containsExactly(101, 102, 103, 108, 110, 113, 114, 116);
    }

    @Test
    void shouldMatchNothingOutsideTheArea() {
        assertThat(BruteForce.matchPolygons(WORLD, B, wkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"), FROM, TO, NOW)).isEmpty();
    }

    private static BruteForce.Fleet world() {
        long[] ids = new long[17];
        double[] lat = new double[17];
        double[] lon = new double[17];
        boolean[] optedIn = new boolean[17];
        boolean[] e2ee = new boolean[17];
        int[] retention = new int[17];
        for (int i = 0; i < 17; i++) {
            ids[i] = 101 + i;
            lat[i] = 45;
            lon[i] = 15;
            optedIn[i] = true;
            retention[i] = 30;
        }
        lat[1] = 40;
        lat[2] = 50;
        lon[2] = 20;
        lon[3] = 20.000001;
        optedIn[4] = false;
        e2ee[5] = true;
        retention[8] = 1;
        retention[9] = 1;
        lat[12] = 43;
        lon[12] = 13;
        lat[13] = 42;
        lon[13] = 13;
        long[][] footage = {
            {9_001_000, 9_006_000}, {9_001_000, 9_006_000}, {9_001_000, 9_006_000}, {9_001_000, 9_006_000},
            {9_001_000, 9_006_000}, {9_001_000, 9_006_000}, {5_970_000, 6_000_000}, {12_000_000, 12_005_000},
            {9_000_000, 9_005_000}, {9_060_000, 9_065_000}, {5_970_000, 6_000_001}, {12_060_000, 12_065_000},
            {9_001_000, 9_006_000}, {9_001_000, 9_006_000}, {6_000_000, 6_001_000},
            {1_000_000, 1_005_000, 9_001_000, 9_006_000}, {},
        };
        int[] offsets = new int[18];
        int clips = 0;
        for (int i = 0; i < 17; i++) {
            clips += footage[i].length / 2;
            offsets[i + 1] = clips;
        }
        long[] starts = new long[clips];
        int[] durations = new int[clips];
        for (int i = 0; i < 17; i++) {
            for (int k = 0; k < footage[i].length / 2; k++) {
                starts[offsets[i] + k] = footage[i][2 * k];
                durations[offsets[i] + k] = (int) (footage[i][2 * k + 1] - footage[i][2 * k]);
            }
        }
        return BruteForce.grouped(ids, lat, lon, optedIn, e2ee, retention, offsets, starts, durations);
    }

    private static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
