package io.geomatch.examples.service.policy;

/**
 * How often an agency may publish: at most {@value #MAX_REQUESTS_PER_CASE} requests per case
 * (case numbers compared by {@link #caseKey}, so {@code CASE-9}, {@code case 9} and
 * {@code CASE-09} are one case) and a configurable number per rolling hour; and how often it may
 * be refused: at most {@value #MAX_REFUSED_PER_HOUR} refusals per rolling hour, beyond which
 * filings are answered 429 without being recorded. These depend on what the agency filed before,
 * so the service counts and this class decides. Pure functions; any thread.
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
    /** Refused filings allowed per agency in any rolling hour; each is recorded in the audit log. */
    public static final int MAX_REFUSED_PER_HOUR = 20;

    /**
     * The case a case number names: upper-cased, cut into runs of letters and runs of digits
     * (everything else separates), leading zeros dropped from digit runs, joined by {@code -}.
     * {@code CASE-9}, {@code case 9}, {@code CASE-9.}, {@code Case/9} and {@code CASE-09} are all
     * {@code CASE-9}; {@code CASE-90} is another case.
     *
     * @param caseNumber a case number
     * @return its case
     */
    public static String caseKey(String caseNumber) {
        StringBuilder out = new StringBuilder();
        String s = caseNumber.toUpperCase(java.util.Locale.ROOT);
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            boolean digits = Character.isDigit(cp);
            int start = i;
            while (i < s.length() && Character.isLetterOrDigit(s.codePointAt(i)) && Character.isDigit(s.codePointAt(i)) == digits) {
                i += Character.charCount(s.codePointAt(i));
            }
            String run = s.substring(start, i);
            if (digits) {
                run = run.replaceFirst("^0+(?=.)", "");
            }
            out.append(out.length() == 0 ? "" : "-").append(run);
        }
        return out.toString();
    }

    /**
     * @param refusedInTheLastHour how many of an agency's filings were refused in the last hour
     * @return the answer to its next filing if it is refused that often, or null if it may file
     */
    public static String refusalLimit(long refusedInTheLastHour) {
        if (refusedInTheLastHour < MAX_REFUSED_PER_HOUR) {
            return null;
        }
        return refusedInTheLastHour + " requests were refused in the last hour, allowed at most " + MAX_REFUSED_PER_HOUR
            + "; correct the request, or wait";
    }

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
