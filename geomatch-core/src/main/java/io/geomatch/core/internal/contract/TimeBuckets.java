package io.geomatch.core.internal.contract;

/**
 * The time arithmetic of the matching contract, for a bucket size {@code B} in milliseconds:
 * footage {@code [s, e)} occupies buckets {@code floor(s/B)..floor((e-1)/B)}, a window
 * {@code [from, to)} spans buckets {@code floor(from/B)..floor((to-1)/B)}, and at {@code now}
 * bucket {@code b} of a camera that keeps {@code d} days is retained if
 * {@code (b+1)*B > now - d*86400000}. Instants are within {@link Checks#MAX_ABS_MILLIS} of the
 * epoch, so nothing here overflows.
 */
public final class TimeBuckets {
    /** Milliseconds in a day, as the retention rule counts them. */
    public static final long MILLIS_PER_DAY = 86_400_000L;

    private TimeBuckets() {
    }

    /**
     * @param startMillis an inclusive start, epoch ms
     * @param bucketMillis the bucket size
     * @return the bucket holding it: {@code floor(start/B)}
     */
    public static long firstBucket(long startMillis, long bucketMillis) {
        return Math.floorDiv(startMillis, bucketMillis);
    }

    /**
     * @param endMillis an exclusive end, epoch ms
     * @param bucketMillis the bucket size
     * @return the last bucket before it: {@code floor((end-1)/B)}
     */
    public static long lastBucket(long endMillis, long bucketMillis) {
        return Math.floorDiv(endMillis - 1, bucketMillis);
    }

    /**
     * {@link #firstBucket(long, long)} for the paths that bucket every clip: the division by a
     * {@link FloorDivider} of the bucket size.
     *
     * @param startMillis an inclusive start, epoch ms
     * @param buckets the bucket size's divider
     * @return {@code floor(start/B)}
     */
    public static long firstBucket(long startMillis, FloorDivider buckets) {
        return buckets.floorDiv(startMillis);
    }

    /**
     * {@link #lastBucket(long, long)} by a {@link FloorDivider} of the bucket size.
     *
     * @param endMillis an exclusive end, epoch ms
     * @param buckets the bucket size's divider
     * @return {@code floor((end-1)/B)}
     */
    public static long lastBucket(long endMillis, FloorDivider buckets) {
        return buckets.floorDiv(endMillis - 1);
    }

    /**
     * The retention rule solved for the bucket: {@code (b+1)*B > now - d*D} holds exactly when
     * {@code b >= floor((now - d*D) / B)}.
     *
     * @param nowMillis when retention is judged, epoch ms
     * @param retentionDays days of footage kept
     * @param bucketMillis the bucket size
     * @return the first bucket still retained
     */
    public static long firstRetainedBucket(long nowMillis, int retentionDays, long bucketMillis) {
        return Math.floorDiv(nowMillis - retentionDays * MILLIS_PER_DAY, bucketMillis);
    }
}
