package io.geomatch.core.internal.area;

import java.util.List;
import java.util.Map;

/**
 * One parsed JSON value with the 1-based line on which it starts and its span in the source text,
 * so that errors can name both the line and a short snippet of what the user wrote.
 *
 * <p>Immutable. Objects keep their members in source order; numbers are {@code double}.
 */
final class JsonValue {
    /** The JSON value kinds of RFC 8259. */
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    private static final int SNIPPET_CHARS = 40;

    private final Kind kind;
    private final String text;
    private final int start;
    private final int end;
    private final int line;
    private final Map<String, JsonValue> members;
    private final List<JsonValue> elements;
    private final String string;
    private final double number;

    private JsonValue(Kind kind, String text, int start, int end, int line,
                      Map<String, JsonValue> members, List<JsonValue> elements, String string, double number) {
        this.kind = kind;
        this.text = text;
        this.start = start;
        this.end = end;
        this.line = line;
        this.members = members;
        this.elements = elements;
        this.string = string;
        this.number = number;
    }

    static JsonValue object(String text, int start, int end, int line, Map<String, JsonValue> members) {
        return new JsonValue(Kind.OBJECT, text, start, end, line, members, null, null, 0);
    }

    static JsonValue array(String text, int start, int end, int line, List<JsonValue> elements) {
        return new JsonValue(Kind.ARRAY, text, start, end, line, null, elements, null, 0);
    }

    static JsonValue string(String text, int start, int end, int line, String value) {
        return new JsonValue(Kind.STRING, text, start, end, line, null, null, value, 0);
    }

    static JsonValue number(String text, int start, int end, int line, double value) {
        return new JsonValue(Kind.NUMBER, text, start, end, line, null, null, null, value);
    }

    static JsonValue literal(Kind kind, String text, int start, int end, int line) {
        assert kind == Kind.TRUE || kind == Kind.FALSE || kind == Kind.NULL : kind;
        return new JsonValue(kind, text, start, end, line, null, null, null, 0);
    }

    Kind kind() {
        return kind;
    }

    /** @return the 1-based line on which this value starts */
    int line() {
        return line;
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    /** @return the member called {@code name}, or {@code null} if absent; only for objects */
    JsonValue member(String name) {
        assert kind == Kind.OBJECT : kind;
        return members.get(name);
    }

    /** @return the members in source order; only for objects */
    Map<String, JsonValue> members() {
        assert kind == Kind.OBJECT : kind;
        return members;
    }

    /** @return the elements in order; only for arrays */
    List<JsonValue> elements() {
        assert kind == Kind.ARRAY : kind;
        return elements;
    }

    /** @return the decoded string; only for strings */
    String string() {
        assert kind == Kind.STRING : kind;
        return string;
    }

    /** @return the number; only for numbers */
    double number() {
        assert kind == Kind.NUMBER : kind;
        return number;
    }

    /**
     * @return the source text of this value, whitespace runs collapsed to one space, cut to about
     *     40 characters with {@code ...}: short enough for a one-line error message
     */
    String snippet() {
        return snippet(text, start, end);
    }

    static String snippet(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(SNIPPET_CHARS + 3);
        boolean space = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = sb.length() > 0;
                continue;
            }
            if (sb.length() >= SNIPPET_CHARS) {
                return sb.append("...").toString();
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return kind + " at line " + line + ": " + snippet();
    }
}
