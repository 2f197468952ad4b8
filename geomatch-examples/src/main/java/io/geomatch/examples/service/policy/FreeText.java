package io.geomatch.examples.service.policy;

import java.util.Locale;

/**
 * What free text (names, contacts, descriptions) may hold: no control characters (line breaks and
 * tabs only where text may span lines), no bidirectional formatting characters (which make text
 * display in another order than it is stored, as in {@code U+202E RIGHT-TO-LEFT OVERRIDE}), no
 * invisible characters ({@linkplain #isIgnorable format and default-ignorable} characters such as
 * {@code U+200B ZERO WIDTH SPACE}, {@code U+00AD SOFT HYPHEN}, {@code U+FEFF}, variation
 * selectors, tags, the Hangul fillers {@code U+115F}/{@code U+3164}), no line or paragraph
 * separators ({@code U+2028}, {@code U+2029}), no unpaired surrogates, and no word that mixes
 * Latin letters with Cyrillic or Greek ones ({@code pr\u043Etest} with a Cyrillic {@code о}: a
 * homoglyph that would read as a word moderation refuses). Such characters have no business in
 * what an agency publishes or an owner is called, and can hide, reorder or disguise what a reader
 * sees. A consequence: emoji sequences joined by {@code U+200D} or styled by {@code U+FE0F} are
 * refused too. Pure functions; any thread.
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
                    "%s has U+%04X (%s) at index %d; control, format, invisible and bidirectional formatting characters are not allowed%s", field, cp, what, i,
                    multiline ? " (line breaks and tabs are)" : ""));
            }
            i += Character.charCount(cp);
        }
        return mixedScriptWord(field, value);
    }

    /**
     * Whether a code point is invisible: Unicode category Cf (format), or listed as
     * Default_Ignorable_Code_Point by Unicode (soft hyphen, combining grapheme joiner, Hangul and
     * Mongolian fillers and variation selectors, zero-width and bidi controls, tags and the
     * reserved ranges kept for such characters).
     *
     * @param cp a code point
     * @return whether it is removed before moderation and refused in free text
     */
    public static boolean isIgnorable(int cp) {
        if (Character.getType(cp) == Character.FORMAT) {
            return true;
        }
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
                || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    private static Violation mixedScriptWord(String field, String value) {
        int wordStart = -1;
        boolean latin = false;
        Character.UnicodeScript other = null;
        for (int i = 0; i <= value.length(); ) {
            int cp = i < value.length() ? value.codePointAt(i) : ' ';
            if (Character.isLetter(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                if (wordStart < 0) {
                    wordStart = i;
                    latin = false;
                    other = null;
                }
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (script == Character.UnicodeScript.LATIN) {
                    latin = true;
                } else if (script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK) {
                    other = script;
                }
            } else {
                if (wordStart >= 0 && latin && other != null) {
                    String word = value.substring(wordStart, i);
                    return new Violation(INVALID_CHARACTERS, field, String.format(Locale.ROOT,
                            "%s has the word \"%s\" at index %d mixing Latin and %s letters; write each word in one script",
                            field, word, wordStart, other.name().charAt(0) + other.name().substring(1).toLowerCase(Locale.ROOT)));
                }
                wordStart = -1;
            }
            i += i < value.length() ? Character.charCount(cp) : 1;
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
        if (cp == 0x2028 || cp == 0x2029) {
            return "a line or paragraph separator";
        }
        if (isIgnorable(cp)) {
            return "an invisible format character";
        }
        return null;
    }
}
