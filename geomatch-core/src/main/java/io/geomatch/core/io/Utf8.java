package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that can say on which line the input stopped being UTF-8.
 *
 * <p>A JDK decoder that reports errors fails on the first buffer it fills, which may be thousands
 * of lines before the bad bytes. Instead, {@link #decoder()} replaces malformed input with a lone
 * low surrogate {@value #MARK_TEXT}, which well-formed UTF-8 can never produce (the decoder refuses
 * encoded surrogates, and a real supplementary character always pairs it with a high surrogate), so
 * readers can find the mark in the line they are reading and report that line.
 */
final class Utf8 {
    /** Stands for malformed input in decoded text. */
    static final char MARK = '\uDFFF';
    static final String MARK_TEXT = "U+DFFF";

    private Utf8() {
    }

    /** @return a new UTF-8 decoder that replaces malformed and unmappable input with {@link #MARK} */
    static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(String.valueOf(MARK));
    }

    /** @return the index of the first mark of malformed input in {@code text}, or -1 */
    static int malformedIndex(String text) {
        int i = text.indexOf(MARK);
        while (i >= 0) {
            if (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))) {
                return i;
            }
            i = text.indexOf(MARK, i + 1);
        }
        return -1;
    }

    /** @return the error for text that is not UTF-8, located at {@code line} */
    static InvalidInputException notUtf8(String sourceName, long line) {
        return new InvalidInputException("text", null, "is not valid UTF-8").at(sourceName, line);
    }
}
