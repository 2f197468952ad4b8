package io.geomatch.examples.service.report;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Laplace mechanism draws noise of the scale asked for, centred on 0, and releases non-negative whole numbers. */
class LaplaceNoiseTest {
    @Test
    void shouldDrawLaplaceNoiseOfTheGivenScale() {
        LaplaceNoise noise = new LaplaceNoise(new SplittableRandom(9));
        int n = 200_000;
        double scale = 2.0;
        double sum = 0;
        double sumAbs = 0;
        int beyondThreeScales = 0;
        for (int i = 0; i < n; i++) {
            double x = noise.sample(scale);
            sum += x;
            sumAbs += Math.abs(x);
            if (Math.abs(x) > 3 * scale) {
                beyondThreeScales++;
            }
        }
        assertThat(sum / n).as("mean (0 for Laplace)").isCloseTo(0, within(0.03));
        assertThat(sumAbs / n).as("mean absolute value (the scale for Laplace)").isCloseTo(scale, within(0.03));
        assertThat(beyondThreeScales / (double) n).as("P(|x| > 3b) = e^-3").isCloseTo(Math.exp(-3), within(0.003));
    }

    @Test
    void shouldReleaseNonNegativeWholeNumbersAroundTheCount() {
        LaplaceNoise noise = new LaplaceNoise(new SplittableRandom(10));
        long sum = 0;
        for (int i = 0; i < 50_000; i++) {
            long v = noise.release(40, 2.0);
            assertThat(v).isNotNegative();
            sum += v;
        }
        assertThat(sum / 50_000.0).isCloseTo(40, within(0.1));
        assertThat(noise.release(0, 0.5)).isNotNegative();
    }
}
