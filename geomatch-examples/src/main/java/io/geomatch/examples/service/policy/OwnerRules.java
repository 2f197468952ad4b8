package io.geomatch.examples.service.policy;

import java.util.regex.Pattern;

/** What an owner registers with: a display name and an email address. Pure functions; any thread. */
public final class OwnerRules {
    /** Longest owner name, characters. */
    public static final int MAX_NAME_CHARS = 200;
    /** Longest email address, characters. */
    public static final int MAX_EMAIL_CHARS = 254;
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private OwnerRules() {
    }

    /**
     * A new owner that passed every rule.
     *
     * @param name display name, stripped
     * @param email email address, stripped
     */
    public record Accepted(String name, String email) {
    }

    /**
     * @param name display name
     * @param email email address
     * @return the normalised owner
     * @throws PolicyViolationException for the first field that breaks a rule
     */
    public static Accepted check(String name, String email) {
        String n = Fields.text("name", name, MAX_NAME_CHARS);
        String e = Fields.text("email", email, MAX_EMAIL_CHARS);
        if (!EMAIL.matcher(e).matches()) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "email", "email " + Fields.quote(e) + " is not an email address");
        }
        return new Accepted(n, e);
    }
}
