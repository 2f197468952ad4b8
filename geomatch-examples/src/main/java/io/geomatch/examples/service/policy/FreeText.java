package io.geomatch.examples.service.policy;

/**
 * What free text (names, contacts, descriptions) may hold: no control characters (line breaks and
 * tabs only where text may span lines), no bidirectional formatting characters (which make text
 * display in another order than it is stored, as in {@code U+202E RIGHT-TO-LEFT OVERRIDE}) and
 * no unpaired surrogates. Such characters have no business in what an agency publishes or an
 * owner is called, and can hide or reorder what a reader sees. Pure functions; any thread.
 */
public final class FreeText {
    /** Code: the text holds a character that is not allowed. */
    public static final String INVALID_CHARACTERS = "invalid-characters";

    private FreeText() {
    }

    /**
     * @param field the field, for the message
     * @param value the text, may be null (then nothing is wrong)
     * @param multiline whether line feeds and tabs are allowed
     * @return the first refused character as a violation, or null
     */
    public static Violation check(String field, String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String what = refused(cp, multiline);
            if (what != null) {
                return new Violation(INVALID_CHARACTERS, field, String.format(java.util.Locale.ROOT,
                    "%s has U+%04X (%s) at index %d; control and bidirectional formatting characters are not allowed%s", field, cp, what, i,
                    multiline ? " (line breaks and tabs are)" : ""));
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * @param field the field
     * @param value the text
     * @param multiline whether line feeds and tabs are allowed
     * @throws PolicyViolationException for the first refused character
     */
    public static void require(String field, String value, boolean multiline) {
        Violation v = check(field, value, multiline);
        if (v != null) {
            throw new PolicyViolationException(v);
        }
    }

    private static String refused(int cp, boolean multiline) {
        if (multiline && (cp == '\n' || cp == '\t')) {
            return null;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
                return "a control character";
            case Character.SURROGATE:
                return "half of a surrogate pair";
            default:
                break;
        }
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C) {
            return "a bidirectional formatting character";
        }
        return null;
    }
}
