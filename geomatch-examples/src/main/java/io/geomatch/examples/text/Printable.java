package io.geomatch.examples.text;

/**
 * Escapes the characters of a string that a terminal would act on rather than show, as in JSON: a
 * backslash, {@code u} and four hex digits per UTF-16 unit. Escaped are the C0 and C1 controls
 * (escape sequences, carriage return, backspace, bell) and delete, the Unicode line and paragraph
 * separators, and the invisible format characters (bidirectional embeddings, overrides and
 * isolates, zero-width joiners), which can make a line read differently from what it holds.
 * Stateless and thread-safe.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * @param text any text, possibly from input
     * @return the text with every such character escaped; the text itself when it has none
     */
    public static String escape(String text) {
        if (text.codePoints().noneMatch(Printable::acted)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (acted(c)) {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** @return whether a terminal would act on code point {@code c} rather than show it */
    private static boolean acted(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
            || type == Character.FORMAT;
    }
}
