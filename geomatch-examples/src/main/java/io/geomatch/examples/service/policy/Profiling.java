package io.geomatch.examples.service.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The race-only description heuristic behind {@link Moderation#PROFILING}; the word lists are the
 * {@code PROFILING_*} constants of {@link Moderation}, and the algorithm is described on
 * {@link Moderation#PROFILING_DESCRIPTORS}.
 */
final class Profiling {

    /** Sentence boundary: terminal punctuation, whitespace, then an upper-case letter. */
    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+(?=\\p{Lu})");

    /** A stated height: 5'10, 6 ft, 5 feet, 180 cm, six foot. */
    private static final Pattern HEIGHT = Pattern.compile(
            "\\b[3-7]\\s*(?:['\u2019\u2032]|ft\\b|feet\\b|foot\\b)"
                    + "|\\b(?:1\\d\\d|2[0-2]\\d)\\s*cm\\b"
                    + "|\\b(?:four|five|six|seven)[\\s-]+(?:feet|foot)\\b");

    private static final List<String[]> DESCRIPTORS = split(Moderation.PROFILING_DESCRIPTORS);
    private static final List<String[]> GROUP_NOUNS = split(Moderation.PROFILING_GROUP_NOUNS);
    private static final Set<String> DESCRIPTOR_TOKENS = tokenSet(Moderation.PROFILING_DESCRIPTORS);
    private static final Set<String> PERSON_NOUNS = Set.copyOf(Moderation.PROFILING_PERSON_NOUNS);
    private static final Set<String> MODIFIERS = Set.copyOf(Moderation.PROFILING_MODIFIERS);
    private static final Set<String> LINKING = Set.copyOf(Moderation.PROFILING_LINKING_WORDS);
    private static final Set<String> VICTIM_WORDS = Set.copyOf(Moderation.PROFILING_VICTIM_WORDS);
    private static final Set<String> CONTINUATION = Set.copyOf(Moderation.PROFILING_CONTINUATION_WORDS);
    private static final Set<String> CUES = Set.copyOf(Moderation.PROFILING_DETAIL_CUES);

    private Profiling() {
    }

    private static List<String[]> split(List<String> phrases) {
        List<String[]> out = new ArrayList<>();
        for (String p : phrases) {
            out.add(Text.tokens(p).toArray(new String[0]));
        }
        return out;
    }

    private static Set<String> tokenSet(List<String> phrases) {
        Set<String> out = new HashSet<>();
        for (String p : phrases) {
            out.addAll(Text.tokens(p));
        }
        return Set.copyOf(out);
    }

    /**
     * Returns the descriptor phrase that identifies a person only by a protected characteristic,
     * or null when there is none.
     */
    static String raceOnlyDescriptor(String description) {
        for (String passage : passages(description)) {
            List<String> tokens = Text.tokens(passage);
            String found = unsupportedReference(tokens);
            if (found != null && !hasDetail(passage, tokens)) {
                return found;
            }
        }
        return null;
    }

    /** Sentences, each followed by the sentences that continue describing the same person. */
    static List<String> passages(String description) {
        String text = Text.fold(description);
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : SENTENCE_BREAK.split(text)) {
            if (current.length() > 0 && !continues(sentence)) {
                out.add(current.toString());
                current.setLength(0);
            }
            current.append(sentence).append(' ');
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static boolean continues(String sentence) {
        List<String> tokens = Text.tokens(sentence);
        int i = 0;
        if (!tokens.isEmpty() && (tokens.get(0).equals("the") || tokens.get(0).equals("a") || tokens.get(0).equals("an"))) {
            i = 1;
        }
        return i < tokens.size() && CONTINUATION.contains(tokens.get(i));
    }

    private static String unsupportedReference(List<String> tokens) {
        for (int s = 0; s < tokens.size(); s++) {
            String[] group = longestAt(tokens, s, GROUP_NOUNS);
            if (group != null && !nearVictim(tokens, s)) {
                return String.join(" ", group);
            }
            String[] d = longestAt(tokens, s, DESCRIPTORS);
            if (d != null && !nearVictim(tokens, s)
                    && (personFollows(tokens, s + d.length) || personPrecedes(tokens, s))) {
                return String.join(" ", d);
            }
        }
        return null;
    }

    private static String[] longestAt(List<String> tokens, int start, List<String[]> phrases) {
        String[] best = null;
        for (String[] p : phrases) {
            if ((best == null || p.length > best.length) && Text.matchesAt(tokens, start, p)) {
                best = p;
            }
        }
        return best;
    }


    private static boolean nearVictim(List<String> tokens, int start) {
        for (int k = Math.max(0, start - Moderation.PROFILING_VICTIM_WINDOW_TOKENS); k < start; k++) {
            if (VICTIM_WORDS.contains(tokens.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** "black male", "hispanic or black young man", "middle eastern looking guy". */
    private static boolean personFollows(List<String> tokens, int from) {
        int skipped = 0;
        for (int k = from; k < tokens.size(); k++) {
            String t = tokens.get(k);
            if (PERSON_NOUNS.contains(t)) {
                return true;
            }
            boolean skippable = MODIFIERS.contains(t) || DESCRIPTOR_TOKENS.contains(t)
                    || t.equals("or") || t.equals("and");
            if (!skippable || ++skipped > Moderation.PROFILING_MAX_GAP_TOKENS) {
                return false;
            }
        }
        return false;
    }

    /** "suspect was hispanic", "male of arab descent", "the suspects are described as asian". */
    private static boolean personPrecedes(List<String> tokens, int descriptorStart) {
        int skipped = 0;
        for (int k = descriptorStart - 1; k >= 0; k--) {
            String t = tokens.get(k);
            if (PERSON_NOUNS.contains(t)) {
                return true;
            }
            if (!(LINKING.contains(t) || MODIFIERS.contains(t))
                    || ++skipped > Moderation.PROFILING_MAX_GAP_TOKENS) {
                return false;
            }
        }
        return false;
    }

    private static boolean hasDetail(String passage, List<String> tokens) {
        for (String t : tokens) {
            if (CUES.contains(t)) {
                return true;
            }
        }
        return HEIGHT.matcher(passage.toLowerCase(Locale.ROOT)).find();
    }
}
