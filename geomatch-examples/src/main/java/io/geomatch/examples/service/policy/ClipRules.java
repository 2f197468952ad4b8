package io.geomatch.examples.service.policy;

import java.time.Instant;

/**
 * What a device may upload: a clip of at most {@value #MAX_CLIP_MILLIS} ms and
 * {@value #MAX_CLIP_BYTES} bytes that has ended, recorded since the device was registered and
 * still within its retention, within its owner's quota (by default
 * {@value #DEFAULT_OWNER_QUOTA_BYTES} bytes, 64 MiB). Authenticity (the content hash and the device's
 * signature) is checked by the evidence store with these codes. Pure functions; any thread.
 */
public final class ClipRules {
    /** The longest clip, ms: 10 minutes. */
    public static final long MAX_CLIP_MILLIS = 10 * 60_000L;
    /** The largest clip content, bytes: 1 MiB. */
    public static final int MAX_CLIP_BYTES = 1 << 20;
    /** How far a clip's end may lie after the platform's clock (device clocks drift), ms. */
    public static final long CLOCK_SKEW_MILLIS = 60_000L;
    /** Default bytes of clips each owner may store: 64 MiB. */
    public static final long DEFAULT_OWNER_QUOTA_BYTES = 64L << 20;
    /** Code: the owner's clips would pass its quota. */
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
    /** The least a clip counts against its owner's quota, bytes. */
    public static final long MIN_CHARGED_BYTES = 16 * 1024;
    /** Code: the clip starts before its device was registered. */
    public static final String BEFORE_REGISTRATION = "clip-before-registration";
    /** Code: the clip starts before its device's retention reaches back. */
    public static final String BEYOND_RETENTION = "clip-beyond-retention";
    /** Code: the content is larger than {@link #MAX_CLIP_BYTES}. */
    public static final String TOO_LARGE = "too-large";
    /** Code: the hash the device claims is not the content's. */
    public static final String CONTENT_HASH_MISMATCH = "content-hash-mismatch";
    /** Code: the device's signature does not verify. */
    public static final String SIGNATURE_INVALID = "signature-invalid";

    private ClipRules() {
    }

    /** The oldest a clip may be when uploaded: the longest retention plan, ms. */
    public static final long MAX_AGE_MILLIS = DeviceRules.MAX_RETENTION_DAYS * 86_400_000L;

    /**
     * Checks a clip's content length and time range.
     *
     * @param contentBytes the content's length, bytes
     * @param startMillis start, epoch ms
     * @param endMillis end, exclusive, epoch ms
     * @param nowMillis the platform's clock, epoch ms
     * @param registeredAtMillis when the device was registered, epoch ms
     * @param retentionDays the device's retention plan, days
     * @throws PolicyViolationException if the content is empty, or the range is reversed, longer
     *     than {@value #MAX_CLIP_MILLIS} ms, starts more than {@link #MAX_AGE_MILLIS} before now
     *     (no plan keeps footage that long), before the device was registered
     *     ({@value #BEFORE_REGISTRATION}: footage made up after the fact) or before the device's
     *     retention reaches back ({@value #BEYOND_RETENTION}), starts after now (the upload), or ends after now plus
     *     {@value #CLOCK_SKEW_MILLIS} ms
     */
    public static void check(int contentBytes, long startMillis, long endMillis, long nowMillis, long registeredAtMillis,
                             int retentionDays) {
        if (contentBytes == 0) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "contentBase64", "contentBase64 is required and may not be empty");
        }
        if (endMillis <= startMillis || endMillis - startMillis > MAX_CLIP_MILLIS) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "end", "end " + iso(endMillis) + " must be after start "
                + iso(startMillis) + " by at most " + MAX_CLIP_MILLIS / 60_000 + " minutes");
        }
        if (startMillis < registeredAtMillis) {
            throw new PolicyViolationException(BEFORE_REGISTRATION, "start", "start " + iso(startMillis)
                + " is before the device was registered (" + iso(registeredAtMillis) + "); a device uploads only what it recorded since");
        }
        if (startMillis < nowMillis - retentionDays * 86_400_000L) {
            throw new PolicyViolationException(BEYOND_RETENTION, "start", "start " + iso(startMillis) + " is more than the device's "
                + retentionDays + " days of retention before now (" + iso(nowMillis) + "); the device no longer keeps it");
        }
        if (startMillis < nowMillis - MAX_AGE_MILLIS) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "start", "start " + iso(startMillis) + " is more than "
                + DeviceRules.MAX_RETENTION_DAYS + " days before now (" + iso(nowMillis) + "); no retention plan keeps footage that long");
        }
        if (startMillis > nowMillis) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "start", "start " + iso(startMillis) + " is after the upload (now "
                + iso(nowMillis) + "); a clip is uploaded after it started recording");
        }
        if (endMillis > nowMillis + CLOCK_SKEW_MILLIS) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "end", "end " + iso(endMillis) + " is in the future (now "
                + iso(nowMillis) + ")");
        }
    }

    /**
     * What a clip counts against its owner's quota: its length, but at least
     * {@value #MIN_CHARGED_BYTES} bytes, since each clip also costs a journal record, an index
     * interval, an evidence file and heap, whatever its length (so a 64 MiB quota holds at most
     * 4,096 clips).
     *
     * @param clipBytes the clip's content length
     * @return the bytes it is charged
     */
    public static long chargedBytes(long clipBytes) {
        return Math.max(clipBytes, MIN_CHARGED_BYTES);
    }

    /**
     * @param ownerId the owner
     * @param chargedBytes what its clips are charged already ({@link #chargedBytes} each)
     * @param clipBytes the new clip's length
     * @param quotaBytes the owner's quota
     * @return the refusal if the clip would pass the quota, else null
     */
    public static Violation quota(String ownerId, long chargedBytes, long clipBytes, long quotaBytes) {
        long charge = chargedBytes(clipBytes);
        if (chargedBytes + charge <= quotaBytes) {
            return null;
        }
        return new Violation(QUOTA_EXCEEDED, "contentBase64", "owner " + ownerId + " is charged " + chargedBytes
            + " bytes for its clips; this one, charged " + charge + " bytes (its length, at least " + MIN_CHARGED_BYTES
            + "), would pass the quota of " + quotaBytes + " bytes");
    }

    /**
     * @param millis epoch ms
     * @return ISO-8601, or the number itself if no instant can show it
     */
    static String iso(long millis) {
        try {
            return Instant.ofEpochMilli(millis).toString();
        } catch (java.time.DateTimeException e) {
            return Long.toString(millis);
        }
    }
}
