package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses instants as users write them: ISO-8601 with {@code Z} or an offset, or epoch milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class Instants {
    private static final String INVALID = "is not an ISO-8601 instant or epoch milliseconds";

    private Instants() {
    }

    /**
     * Parses an instant into epoch milliseconds.
     *
     * <p>Accepted: an ISO-8601 date-time with {@code Z} or an offset and at most millisecond
     * precision, such as {@code 2026-11-03T14:00:00Z} or {@code 2026-11-03T14:00:00.123+02:00}; or
     * an integer count of milliseconds since 1970-01-01T00:00:00Z, such as {@code 1793714400000}
     * or {@code -1000}. Surrounding whitespace and date-times without an offset are refused, since
     * the latter name no single instant. Finer fractions such as {@code .1234} are refused rather
     * than rounded, so that a window edge never moves silently.
     *
     * @param field the field or option name for error messages, such as {@code start}
     * @param text the text to parse
     * @return epoch milliseconds
     * @throws InvalidInputException if {@code text} is neither form, has sub-millisecond precision,
     *     or is outside the range of a {@code long} of milliseconds
     */
    public static long parseMillis(String field, String text) {
        if (text == null) {
            throw new InvalidInputException(field, null, INVALID);
        }
        if (isInteger(text)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, text, INVALID + ", allowed " + Long.MIN_VALUE + ".." + Long.MAX_VALUE);
            }
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new InvalidInputException(field, text, INVALID);
        }
        if (time.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException(field, text, "has sub-millisecond precision, allowed at most 3 fractional digits");
        }
        try {
            return time.toInstant().toEpochMilli();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field, text, "is out of range for epoch milliseconds");
        }
    }

    private static boolean isInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
