package io.geomatch.examples.service.policy;

/**
 * How often an agency may publish: at most {@value #MAX_REQUESTS_PER_CASE} requests per case and
 * a configurable number per rolling hour. These depend on what the agency published before, so
 * the service counts and this class decides. Pure functions; any thread.
 */
public final class RequestLimits {
    /** Published requests allowed per case number of one agency. */
    public static final int MAX_REQUESTS_PER_CASE = 2;
    /** Default per-agency limit of published requests in any rolling hour. */
    public static final int DEFAULT_REQUESTS_PER_HOUR = 10;
    /** The rolling window of the hourly limit, ms. */
    public static final long HOUR_MILLIS = 3_600_000L;
    /** Code: a third request on one case. */
    public static final String CASE_LIMIT = "case-limit";

    private RequestLimits() {
    }

    /**
     * @param caseNumber the case number as filed
     * @param sameCase how many requests the agency already published on that case
     * @return the violation if one more is not allowed, else null
     */
    public static Violation caseLimit(String caseNumber, long sameCase) {
        if (sameCase < MAX_REQUESTS_PER_CASE) {
            return null;
        }
        return new Violation(CASE_LIMIT, "caseNumber", "caseNumber " + Fields.quote(caseNumber) + " already has " + sameCase
            + " requests, allowed at most " + MAX_REQUESTS_PER_CASE + " per incident");
    }
}
