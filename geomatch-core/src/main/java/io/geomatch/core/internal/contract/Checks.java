package io.geomatch.core.internal.contract;

import io.geomatch.core.InvalidInputException;

/**
 * The limits of every input, checked at the API boundary, and the one-line error for a value
 * outside them: the field, the value, and what is allowed.
 */
public final class Checks {
    /** Smallest retention, days. */
    public static final int MIN_RETENTION_DAYS = 1;
    /** Largest retention, days. */
    public static final int MAX_RETENTION_DAYS = 3650;
    /** Largest magnitude of an instant, epoch ms (about the year 33658): bucket arithmetic never overflows. */
    public static final long MAX_ABS_MILLIS = 1_000_000_000_000_000L;
    /** Largest bucket size, ms: 366 days. */
    public static final long MAX_BUCKET_MILLIS = 366L * TimeBuckets.MILLIS_PER_DAY;

    private Checks() {
    }

    /**
     * @param latDegrees a latitude
     * @throws InvalidInputException unless it is in -90..90
     */
    public static void latitude(double latDegrees) {
        if (!(latDegrees >= -90.0 && latDegrees <= 90.0)) {
            throw new InvalidInputException("lat", latDegrees, "is out of range, allowed -90..90");
        }
    }

    /**
     * @param lonDegrees a longitude
     * @throws InvalidInputException unless it is in -180..180
     */
    public static void longitude(double lonDegrees) {
        if (!(lonDegrees >= -180.0 && lonDegrees <= 180.0)) {
            throw new InvalidInputException("lon", lonDegrees, "is out of range, allowed -180..180");
        }
    }

    /**
     * @param retentionDays a retention
     * @param maxDays the largest allowed here, at most {@link #MAX_RETENTION_DAYS}
     * @param whyMax what sets {@code maxDays} when it is below {@link #MAX_RETENTION_DAYS}, shown in the message
     * @throws InvalidInputException unless it is in {@code 1..maxDays}
     */
    public static void retentionDays(int retentionDays, int maxDays, String whyMax) {
        if (retentionDays < MIN_RETENTION_DAYS || retentionDays > maxDays) {
            throw new InvalidInputException("retention_days", retentionDays, "is out of range, allowed " + MIN_RETENTION_DAYS
                + ".." + maxDays + (maxDays < MAX_RETENTION_DAYS ? " (" + whyMax + ")" : ""));
        }
    }

    /**
     * @param field the name of the instant, such as {@code start}
     * @param millis the instant, epoch ms
     * @throws InvalidInputException unless its magnitude is at most {@link #MAX_ABS_MILLIS}
     */
    public static void millis(String field, long millis) {
        if (millis < -MAX_ABS_MILLIS || millis > MAX_ABS_MILLIS) {
            throw new InvalidInputException(field, millis, "is out of range, allowed -" + MAX_ABS_MILLIS + ".." + MAX_ABS_MILLIS + " epoch ms");
        }
    }

    /**
     * An interval {@code [start, end)} of footage.
     *
     * @param startMillis inclusive start, epoch ms
     * @param endMillis exclusive end, epoch ms
     * @throws InvalidInputException if an instant is out of range or {@code end <= start}
     */
    public static void interval(long startMillis, long endMillis) {
        millis("start", startMillis);
        millis("end", endMillis);
        if (endMillis <= startMillis) {
            throw new InvalidInputException("end", endMillis, "must be after start " + startMillis);
        }
    }

    /**
     * A query's window {@code [from, to)} and the moment retention is judged.
     *
     * @param fromMillis inclusive start, epoch ms
     * @param toMillis exclusive end, epoch ms
     * @param nowMillis when retention is judged, epoch ms
     * @throws InvalidInputException if an instant is out of range or {@code to <= from}
     */
    public static void window(long fromMillis, long toMillis, long nowMillis) {
        millis("from", fromMillis);
        millis("to", toMillis);
        millis("now", nowMillis);
        if (fromMillis >= toMillis) {
            throw new InvalidInputException("to", toMillis, "must be after from " + fromMillis);
        }
    }

    /**
     * @param bucketMillis a bucket size
     * @throws InvalidInputException unless it is 1 ms to 366 days
     */
    public static void bucketMillis(long bucketMillis) {
        if (bucketMillis < 1 || bucketMillis > MAX_BUCKET_MILLIS) {
            throw new InvalidInputException("bucketMillis", bucketMillis, "is out of range, allowed 1..31622400000 (1 ms to 366 days)");
        }
    }
}
