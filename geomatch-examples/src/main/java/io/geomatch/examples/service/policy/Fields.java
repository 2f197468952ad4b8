package io.geomatch.examples.service.policy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks shared by every form: required text with a length limit, a value from a fixed set, a
 * number in a range. Each returns the normalised value (text stripped, set members lower-cased)
 * or throws a {@link PolicyViolationException} naming the field, the value and what is allowed.
 * Pure functions; any thread.
 */
public final class Fields {
    /** Code: a required field is missing or blank. */
    public static final String MISSING_FIELD = "missing-field";
    /** Code: a field's value is not allowed. */
    public static final String INVALID_FIELD = "invalid-field";

    private Fields() {
    }

    /**
     * @param field the field name
     * @param value its value, may be null
     * @param maxChars the most characters allowed after stripping
     * @return the value stripped of leading and trailing white space
     * @throws PolicyViolationException {@value #MISSING_FIELD} if blank, {@value #INVALID_FIELD} if too long,
     *     {@value FreeText#INVALID_CHARACTERS} for a control or bidirectional formatting character
     */
    public static String text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw new PolicyViolationException(MISSING_FIELD, field, field + " is required");
        }
        FreeText.require(field, value, false);
        String v = value.strip();
        if (v.length() > maxChars) {
            throw new PolicyViolationException(INVALID_FIELD, field, field + " has " + v.length() + " characters, allowed at most " + maxChars);
        }
        return v;
    }

    /**
     * @param field the field name
     * @param value its value, may be null
     * @param allowed the allowed values, lower case
     * @return the value, stripped and lower-cased
     * @throws PolicyViolationException if it is missing or not one of {@code allowed}
     */
    public static String oneOf(String field, String value, Set<String> allowed) {
        String v = text(field, value, 64).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new PolicyViolationException(INVALID_FIELD, field, field + " " + quote(value) + " is not allowed, allowed "
                + String.join(", ", new TreeSet<>(allowed)));
        }
        return v;
    }

    /**
     * @param field the field name
     * @param value its value
     * @param min the smallest allowed, inclusive
     * @param max the largest allowed, inclusive
     * @throws PolicyViolationException if out of range or NaN
     */
    public static void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new PolicyViolationException(INVALID_FIELD, field, field + " " + value + " is out of range, allowed " + min + ".." + max);
        }
    }

    /**
     * @param field the field name
     * @param value its value
     * @param min the smallest allowed, inclusive
     * @param max the largest allowed, inclusive
     * @throws PolicyViolationException if out of range
     */
    public static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new PolicyViolationException(INVALID_FIELD, field, field + " " + value + " is out of range, allowed " + min + ".." + max);
        }
    }

    /**
     * A value for a message: quoted, cut to 80 characters.
     *
     * @param s the value, may be null
     * @return {@code 'value'} or {@code null}
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return "'" + cut + "'";
    }
}
