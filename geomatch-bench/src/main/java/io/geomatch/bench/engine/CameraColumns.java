package io.geomatch.bench.engine;

/**
 * The data set as the engines read it: columns by camera position, footage in compressed sparse
 * rows. A view, never a copy; the arrays belong to the data set and are only read.
 *
 * <p>This is the one shape the engines depend on, so that swapping the data generator only
 * changes {@link MatchEngine#create}, where it is filled from the accessors of the same names.
 *
 * @param cameraCount number of cameras; every array below is indexed by position {@code 0..cameraCount-1}
 * @param ids camera ids, distinct
 * @param latDegrees latitudes, degrees
 * @param lonDegrees longitudes, degrees
 * @param optedIn whether each owner opted in
 * @param e2ee whether each camera is end-to-end encrypted
 * @param retentionDays retention of each camera, days, at least 1
 * @param footageOffsets {@code cameraCount + 1} offsets into the footage arrays
 * @param footageStartMillis start of each footage interval, inclusive, epoch ms
 * @param footageDurationMillis length of each footage interval, ms, at least 1
 */
record CameraColumns(int cameraCount, long[] ids, double[] latDegrees, double[] lonDegrees, boolean[] optedIn,
                     boolean[] e2ee, int[] retentionDays, int[] footageOffsets, long[] footageStartMillis,
                     int[] footageDurationMillis) {
    CameraColumns {
        if (ids.length < cameraCount || latDegrees.length < cameraCount || lonDegrees.length < cameraCount
            || optedIn.length < cameraCount || e2ee.length < cameraCount || retentionDays.length < cameraCount
            || footageOffsets.length != cameraCount + 1) {
            throw new IllegalArgumentException("column lengths do not fit cameraCount=" + cameraCount);
        }
        int footage = footageOffsets[cameraCount];
        if (footageStartMillis.length < footage || footageDurationMillis.length < footage) {
            throw new IllegalArgumentException("footage columns are shorter than footageOffsets[cameraCount]=" + footage);
        }
    }
}
