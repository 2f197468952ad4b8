package io.geomatch.examples.service.policy;

import org.locationtech.jts.geom.Geometry;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may register as an agency: a verified local (city or county) agency with its official email
 * domain. Pure functions; any thread.
 */
public final class AgencyRules {
    /** Agency kinds the API knows. */
    public static final Set<String> KINDS = Set.of("city", "county", "state", "federal", "tribal", "immigration");
    /** Agency kinds that may file requests: local agencies. */
    public static final Set<String> ELIGIBLE_KINDS = Set.of("city", "county");
    /** Partners that verify agencies. */
    public static final Set<String> VERIFIERS = Set.of("ring", "axon", "flock");
    /** Email domains that anyone can get an address at, so they prove nothing about an agency. */
    public static final Set<String> FREE_MAIL_DOMAINS = Set.of("gmail.com", "googlemail.com", "yahoo.com", "outlook.com",
        "hotmail.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
        "gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com", "fastmail.com", "hey.com", "tutanota.com");
    /** The most vertices a jurisdiction may have, over all its rings (a county outline has a few thousand). */
    public static final int MAX_JURISDICTION_VERTICES = 100_000;
    /** Longest agency name, characters. */
    public static final int MAX_NAME_CHARS = 200;
    /** Code: the email domain is a free-mail domain. */
    public static final String FREE_MAIL_DOMAIN = "free-mail-domain";
    /** Code: the kind of agency may not file requests. */
    public static final String NOT_ELIGIBLE = "agency-not-eligible";
    /** Code: the jurisdiction is not a Polygon or MultiPolygon (the HTTP layer reports its structure). */
    public static final String JURISDICTION_INVALID = "jurisdiction-invalid";

    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private AgencyRules() {
    }

    /**
     * An agency that passed every rule, normalised.
     *
     * @param name display name, stripped
     * @param emailDomain lower case
     * @param kind city or county
     * @param verifiedBy ring, axon or flock
     * @param jurisdiction its area, a Polygon or MultiPolygon
     */
    public record Accepted(String name, String emailDomain, String kind, String verifiedBy, Geometry jurisdiction) {
    }

    /**
     * Checks a new agency field by field, in this order: name, emailDomain, kind, verifiedBy,
     * jurisdiction.
     *
     * @param name display name
     * @param emailDomain official email domain
     * @param kind one of {@link #KINDS}; only {@link #ELIGIBLE_KINDS} pass
     * @param verifiedBy one of {@link #VERIFIERS}
     * @param jurisdiction its area, or null
     * @return the normalised agency
     * @throws PolicyViolationException for the first field that breaks a rule
     */
    public static Accepted check(String name, String emailDomain, String kind, String verifiedBy, Geometry jurisdiction) {
        String n = Fields.text("name", name, MAX_NAME_CHARS);
        String domain = Fields.text("emailDomain", emailDomain, 253).toLowerCase(java.util.Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "emailDomain", "emailDomain " + Fields.quote(domain) + " is not a domain name");
        }
        if (FREE_MAIL_DOMAINS.contains(domain)) {
            throw new PolicyViolationException(FREE_MAIL_DOMAIN, "emailDomain", "emailDomain " + Fields.quote(domain)
                + " is a free-mail domain; an agency needs its official domain");
        }
        String k = Fields.oneOf("kind", kind, KINDS);
        if (!ELIGIBLE_KINDS.contains(k)) {
            throw new PolicyViolationException(NOT_ELIGIBLE, "kind", "kind " + Fields.quote(k)
                + " is not eligible: only local (city, county) agencies may post community requests");
        }
        String verifier = Fields.oneOf("verifiedBy", verifiedBy, VERIFIERS);
        if (jurisdiction == null) {
            throw new PolicyViolationException(Fields.MISSING_FIELD, "jurisdiction", "jurisdiction is required (a GeoJSON Polygon or MultiPolygon)");
        }
        if (jurisdiction.isEmpty()) {
            throw new PolicyViolationException(JURISDICTION_INVALID, "jurisdiction", "jurisdiction is empty");
        }
        return new Accepted(n, domain, k, verifier, jurisdiction);
    }
}
