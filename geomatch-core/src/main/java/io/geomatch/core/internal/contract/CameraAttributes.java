package io.geomatch.core.internal.contract;

/**
 * A camera's retention and eligibility flags packed into one int, as every layer below the API
 * carries them: days of retention in bits 0-15, {@link #OPTED_OUT} and {@link #E2EE} above.
 * A camera is eligible, and may match at all, when neither flag is set.
 */
public final class CameraAttributes {
    /** Bits of the retention in days. */
    public static final int RETENTION_MASK = 0xFFFF;
    /** The owner opted out of requests. */
    public static final int OPTED_OUT = 1 << 16;
    /** The footage is end-to-end encrypted and can never be shared. */
    public static final int E2EE = 1 << 17;
    /** Either flag: the camera cannot match. */
    public static final int INELIGIBLE = OPTED_OUT | E2EE;

    private CameraAttributes() {
    }

    /**
     * @param attributes packed attributes
     * @return the retention in days
     */
    public static int retentionDays(int attributes) {
        return attributes & RETENTION_MASK;
    }

    /**
     * @param attributes packed attributes
     * @return whether neither ineligibility flag is set
     */
    public static boolean eligible(int attributes) {
        return (attributes & INELIGIBLE) == 0;
    }
}
