package io.geomatch.core.internal.contract;

/**
 * Floor division by one fixed positive divisor without a division instruction: the dividend times
 * the divisor's reciprocal in floating point, floored, then corrected by at most one step. A 64-bit
 * integer division takes tens of cycles, and the builder and the live writer divide every clip's
 * start and end by the bucket size (and the column writer every run's bounds by the slot width):
 * hundreds of millions of divisions in a 10 M build.
 *
 * <p>Exact for dividends of magnitude up to {@value #MAX_DIVIDEND} (2^52: every instant within
 * {@link Checks#MAX_ABS_MILLIS}, every bucket number): the dividend is exact as a double, and the
 * rounded product (two roundings, relative error under 2^-52) is within 1/2 + 2^-52 of the true
 * quotient, whose magnitude is at most 2^51 for a divisor of 2 or more (a divisor of 1 has the
 * exact reciprocal 1.0); so its floor is within one of the true floor, which the check against the
 * divisor's multiples then finds. Immutable and allocation-free.
 */
public final class FloorDivider {
    /** Largest magnitude of a dividend. */
    public static final long MAX_DIVIDEND = 1L << 52;
    /** Largest divisor: the checks' multiples of it stay far from overflow. */
    public static final long MAX_DIVISOR = 1L << 60;

    private final long divisor;
    private final double reciprocal;

    /**
     * @param divisor the divisor, {@code 1..}{@value #MAX_DIVISOR}
     * @throws IllegalArgumentException for a divisor out of range
     */
    public FloorDivider(long divisor) {
        if (divisor < 1 || divisor > MAX_DIVISOR) {
            throw new IllegalArgumentException("divisor " + divisor + " is out of range, allowed 1.." + MAX_DIVISOR);
        }
        this.divisor = divisor;
        this.reciprocal = 1.0 / divisor;
    }

    /**
     * @param dividend a value of magnitude at most {@value #MAX_DIVIDEND}
     * @return {@code Math.floorDiv(dividend, divisor)}
     */
    public long floorDiv(long dividend) {
        assert Math.abs(dividend) <= MAX_DIVIDEND : dividend;
        long q = (long) Math.floor(dividend * reciprocal);
        if (q * divisor > dividend) {
            q--;
        } else if ((q + 1) * divisor <= dividend) {
            q++;
        }
        return q;
    }
}
