package io.geomatch.core.internal.contract;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Floor division by a reciprocal gives exactly {@link Math#floorDiv} over its whole domain: at and
 * beside every multiple of the divisor (where a rounded product is most likely off by one), at the
 * ends of the domain, for negative dividends, and for seeded random dividends and divisors; the
 * divisors include the bucket sizes users pick, 1, and the largest buckets and slot widths.
 */
class FloorDividerTest {
    private static final long[] DIVISORS = {1, 2, 3, 7, 1000, 59_999, 60_000, 60_001, 3_600_000, 86_400_000, Checks.MAX_BUCKET_MILLIS,
        (1L << 40) + 1, (1L << 52) - 1, 1L << 52, FloorDivider.MAX_DIVISOR};

    @Test
    void shouldEqualFloorDivAtAndBesideMultiples() {
        SplittableRandom random = new SplittableRandom(20261207L);
        for (long divisor : DIVISORS) {
            FloorDivider d = new FloorDivider(divisor);
            long most = FloorDivider.MAX_DIVIDEND / divisor;
            for (int i = 0; i < 20_000; i++) {
                // A multiple of the divisor anywhere in the domain, near zero, or at its ends.
                long k = switch (i % 4) {
                    case 0 -> random.nextLong(-most, most + 1);
                    case 1 -> random.nextLong(-1000, 1001);
                    case 2 -> most - random.nextLong(0, Math.min(1000, most) + 1);
                    default -> -most + random.nextLong(0, Math.min(1000, most) + 1);
                };
                for (long delta = -2; delta <= 2; delta++) {
                    long x = k * divisor + delta;
                    if (Math.abs(x) <= FloorDivider.MAX_DIVIDEND) {
                        assertThat(d.floorDiv(x)).as("%d / %d", x, divisor).isEqualTo(Math.floorDiv(x, divisor));
                    }
                }
            }
        }
    }

    @Test
    void shouldEqualFloorDivForRandomDividendsAndDivisors() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int i = 0; i < 200_000; i++) {
            long divisor = i % 2 == 0 ? random.nextLong(1, 100_000_000) : random.nextLong(1, FloorDivider.MAX_DIVISOR + 1);
            long x = random.nextLong(-FloorDivider.MAX_DIVIDEND, FloorDivider.MAX_DIVIDEND + 1);
            assertThat(new FloorDivider(divisor).floorDiv(x)).as("%d / %d", x, divisor).isEqualTo(Math.floorDiv(x, divisor));
        }
    }

    @Test
    void shouldEqualFloorDivAtTheEndsOfTheDomain() {
        for (long divisor : DIVISORS) {
            FloorDivider d = new FloorDivider(divisor);
            for (long x : new long[] {0, 1, -1, FloorDivider.MAX_DIVIDEND, -FloorDivider.MAX_DIVIDEND, FloorDivider.MAX_DIVIDEND - 1,
                -FloorDivider.MAX_DIVIDEND + 1, Checks.MAX_ABS_MILLIS, -Checks.MAX_ABS_MILLIS, -Checks.MAX_ABS_MILLIS - 1}) {
                assertThat(d.floorDiv(x)).as("%d / %d", x, divisor).isEqualTo(Math.floorDiv(x, divisor));
            }
        }
    }

    @Test
    void shouldRefuseADivisorOutOfRange() {
        assertThatThrownBy(() -> new FloorDivider(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisor 0");
        assertThatThrownBy(() -> new FloorDivider(FloorDivider.MAX_DIVISOR + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
