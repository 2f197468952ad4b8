package io.geomatch.examples.service.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Word-level text matching used by {@link Moderation}: normalisation, tokens and phrase lists.
 *
 * <p>Text is folded ({@link #fold}): NFKC-normalised (so full-width letters and ligatures compare
 * as plain letters), default-ignorable and format characters removed (so {@code pro\u200Btest} and
 * {@code pro\u00ADtest} read {@code protest}), combining marks removed after canonical
 * decomposition ({@code pro\u0301test} reads {@code protest}, {@code café} reads {@code cafe}) and
 * case-folded with {@link Locale#ROOT}; then apostrophes between letters are dropped ({@code you're}
 * becomes {@code youre}, {@code women's} becomes {@code womens}), and every other run of
 * characters that are not letters or digits separates tokens. Punctuation, hyphens, line breaks
 * and repeated whitespace therefore never affect a match, and a phrase only matches whole tokens:
 * {@code protest} does not match {@code protestant}, {@code strike} does not match
 * {@code struck}.
 */
final class Text {

    private static final Pattern INNER_APOSTROPHE = Pattern.compile("(?<=\\p{L})['\u2019\u02bc](?=\\p{L})");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Text() {
    }

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    /** Folded text ({@link #fold}); apostrophes inside words removed. */
    static String normalize(String text) {
        return INNER_APOSTROPHE.matcher(fold(text)).replaceAll("");
    }

    /**
     * The form moderation compares: NFKC, {@linkplain FreeText#isIgnorable ignorable and format}
     * characters removed, combining marks removed after NFD, case folded (upper then lower case in
     * {@link Locale#ROOT}, so {@code ß} and {@code SS} fold alike), NFKC again.
     */
    static String fold(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder kept = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !FreeText.isIgnorable(cp)).forEach(kept::appendCodePoint);
        s = Normalizer.normalize(kept, Normalizer.Form.NFD);
        s = COMBINING_MARKS.matcher(s).replaceAll("");
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    /** The tokens of {@code text} as described in the class comment. */
    static List<String> tokens(String text) {
        String s = normalize(text).trim();
        List<String> out = new ArrayList<>();
        for (String t : SEPARATORS.split(s)) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return whether {@code phrase} occurs in {@code tokens} starting at {@code start} */
    static boolean matchesAt(List<String> tokens, int start, String[] phrase) {
        if (start + phrase.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < phrase.length; k++) {
            if (!tokens.get(start + k).equals(phrase[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A list of trigger phrases and of safe phrases. A trigger matches where its tokens occur
     * contiguously and none of those tokens is covered by an occurrence of a safe phrase, so
     * {@code picket fence} can shield {@code picket}, and {@code not required} can shield
     * {@code required}.
     */
    static final class PhraseList {
        private final List<String> triggers;
        private final List<String[]> triggerTokens;
        private final List<String[]> safeTokens;

        PhraseList(List<String> triggers, List<String> safe) {
            this.triggers = List.copyOf(triggers);
            this.triggerTokens = split(triggers);
            this.safeTokens = split(safe);
        }

        private static List<String[]> split(List<String> phrases) {
            List<String[]> out = new ArrayList<>(phrases.size());
            for (String p : phrases) {
                String[] t = tokens(p).toArray(new String[0]);
                assert t.length > 0 : "empty phrase";
                assert String.join(" ", t).equals(p) : "phrase not in token form: " + p;
                out.add(t);
            }
            return Collections.unmodifiableList(out);
        }

        /**
         * Returns the earliest trigger occurring in {@code tokens} (ties go to the longer phrase),
         * or null.
         */
        String firstMatch(List<String> tokens) {
            boolean[] shielded = new boolean[tokens.size()];
            for (String[] safe : safeTokens) {
                for (int i = 0; i + safe.length <= tokens.size(); i++) {
                    if (matchesAt(tokens, i, safe)) {
                        for (int k = 0; k < safe.length; k++) {
                            shielded[i + k] = true;
                        }
                    }
                }
            }
            for (int i = 0; i < tokens.size(); i++) {
                int best = -1;
                for (int p = 0; p < triggerTokens.size(); p++) {
                    String[] phrase = triggerTokens.get(p);
                    if (matchesAt(tokens, i, phrase) && !anyShielded(shielded, i, phrase.length)
                            && (best < 0 || phrase.length > triggerTokens.get(best).length)) {
                        best = p;
                    }
                }
                if (best >= 0) {
                    return triggers.get(best);
                }
            }
            return null;
        }


        private static boolean anyShielded(boolean[] shielded, int start, int length) {
            for (int k = start; k < start + length; k++) {
                if (shielded[k]) {
                    return true;
                }
            }
            return false;
        }
    }
}
