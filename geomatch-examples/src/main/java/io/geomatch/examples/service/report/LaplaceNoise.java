package io.geomatch.examples.service.report;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The Laplace mechanism: a count plus noise drawn from Laplace(0, scale), rounded to a whole
 * number and floored at 0 (both are post-processing, so the guarantee holds). Noise comes from a
 * {@link SecureRandom}, so it cannot be predicted from earlier draws. Thread-safe.
 */
public final class LaplaceNoise {
    private final RandomGenerator random;

    /** Draws from a new {@link SecureRandom}. */
    public LaplaceNoise() {
        this(new SecureRandom());
    }

    /**
     * @param random where to draw from (a seeded generator only in tests)
     */
    public LaplaceNoise(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param scale the Laplace scale {@code b} (sensitivity / epsilon), positive
     * @return one draw of Laplace(0, b): {@code -b * sgn(u) * ln(1 - 2|u|)} for u uniform on (-1/2, 1/2)
     */
    public double sample(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale=" + scale + " must be positive");
        }
        double u;
        synchronized (this) {
            do {
                u = random.nextDouble() - 0.5;
            } while (u == -0.5);   // ln(0) would be infinite
        }
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    /**
     * @param count the true count
     * @param scale the Laplace scale
     * @return the released count: {@code max(0, round(count + noise))}
     */
    public long release(long count, double scale) {
        return Math.max(0, Math.round(count + sample(scale)));
    }
}
