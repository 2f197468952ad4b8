package io.geomatch.examples.service.policy;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The monthly transparency report's rules. Per agency it gives what is public anyway exactly
 * (requests published; filings refused, per rule) and what is about owners with differential
 * privacy: owners notified and owners who shared clips, each with Laplace noise of scale
 * {@link #SENSITIVITY}{@code /epsilon}, rounded to whole numbers and floored at 0.
 *
 * <p><b>Contribution bounding.</b> One owner counts at most once in all the report's
 * {@code ownersNotified} counts together (with the agency whose request reached it first in the
 * month) and at most once in all its {@code clipsShared} counts (the agency it first shared with),
 * so adding or removing one owner changes the vector of noised counts by at most
 * {@value #SENSITIVITY} in L1: each monthly release is {@code epsilon}-differentially private
 * for owners (by default {@value #DEFAULT_EPSILON}). An owner notified by two agencies in a month
 * is counted for the first only: the counts undercount such owners by design.
 *
 * <p>A month may be reported once it has ended (UTC), and not before the month the service
 * started; its numbers are drawn once and stored. Pure functions; any thread.
 */
public final class ReportRules {
    /** The default privacy budget of one monthly release. */
    public static final double DEFAULT_EPSILON = 1.0;
    /** How much one owner can change the noised counts together, in L1. */
    public static final int SENSITIVITY = 2;
    /** Code: the month is not {@code YYYY-MM}. */
    public static final String MONTH_INVALID = "month-invalid";
    /** Code: the month has not ended. */
    public static final String MONTH_NOT_ENDED = "month-not-ended";
    /** Code: the month is before the service started. */
    public static final String MONTH_BEFORE_SERVICE = "month-before-service";

    private ReportRules() {
    }

    /**
     * @param epsilon a privacy budget
     * @return it, if in 0.01..10
     * @throws IllegalArgumentException otherwise
     */
    public static double checkEpsilon(double epsilon) {
        if (!(epsilon >= 0.01 && epsilon <= 10)) {
            throw new IllegalArgumentException("epsilon=" + epsilon + " is out of range, allowed 0.01..10");
        }
        return epsilon;
    }

    /**
     * @param month {@code YYYY-MM}
     * @param nowMillis the service's clock
     * @param startedAtMillis when the service started
     * @return the month
     * @throws PolicyViolationException naming {@code month} if it is malformed, has not ended, or
     *     is before the service started
     */
    public static YearMonth check(String month, long nowMillis, long startedAtMillis) {
        YearMonth m;
        try {
            m = YearMonth.parse(month == null ? "" : month.strip());
        } catch (DateTimeParseException e) {
            throw new PolicyViolationException(MONTH_INVALID, "month", "month " + Fields.quote(month) + " is not a month such as 2026-11");
        }
        long end = endMillis(m);
        if (end > nowMillis) {
            throw new PolicyViolationException(MONTH_NOT_ENDED, "month", "month " + m + " has not ended (it ends "
                + java.time.Instant.ofEpochMilli(end) + "); a month is reported once it is over");
        }
        if (end <= startedAtMillis) {
            throw new PolicyViolationException(MONTH_BEFORE_SERVICE, "month", "month " + m + " ended before the service started ("
                + java.time.Instant.ofEpochMilli(startedAtMillis) + ")");
        }
        return m;
    }

    /**
     * @param month a month
     * @return its first instant, UTC, epoch ms
     */
    public static long startMillis(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * @param month a month
     * @return the first instant after it, UTC, epoch ms
     */
    public static long endMillis(YearMonth month) {
        return startMillis(month.plusMonths(1));
    }
}
