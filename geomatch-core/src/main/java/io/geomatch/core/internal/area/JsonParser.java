package io.geomatch.core.internal.area;

import io.geomatch.core.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser that remembers the 1-based line of every value.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no {@code NaN}, no leading
 * zeros or {@code +} signs on numbers, no raw control characters in strings, nothing but
 * whitespace after the top-level value, and no duplicate keys within one object (GeoJSON gives
 * them no meaning, so a duplicate {@code "type"} would be a guess). A leading byte order mark is
 * skipped. Numbers are parsed as {@code double}; nesting deeper than {@value #MAX_DEPTH} levels is
 * refused so that hostile input cannot exhaust the stack.
 *
 * <p>Every error is an {@link InvalidInputException} for the field {@code json}, located at the
 * source name and line, whose value is a short snippet of the offending token, for example
 * {@code area.json line 3: json "coordinates" is not valid JSON: expected ',' or '}'}.
 *
 * <p>Single use, not thread-safe; use {@link #parse(String, String)}.
 */
final class JsonParser {
    /** Deepest allowed nesting of objects and arrays; the top-level value is level 1. */
    static final int MAX_DEPTH = 64;

    private static final String STRUCTURAL = "{}[],:";
    private static final int TOKEN_CHARS = 20;

    private final String text;
    private final String sourceName;
    private int pos;
    private int line = 1;

    private JsonParser(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
    }

    /**
     * Parses one JSON text.
     *
     * @param text the whole JSON text
     * @param sourceName the name used in error messages, such as the file name
     * @return the top-level value
     * @throws InvalidInputException if the text is not valid JSON, naming the line
     */
    static JsonValue parse(String text, String sourceName) {
        JsonParser parser = new JsonParser(text, sourceName);
        if (text.startsWith("\uFEFF")) {
            parser.pos = 1;
        }
        parser.skipWhitespace();
        JsonValue value = parser.value(1);
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error(parser.pos, "unexpected text after the end of the value");
        }
        return value;
    }

    private JsonValue value(int depth) {
        if (pos >= text.length()) {
            throw error(pos, "expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"': {
                int start = pos;
                String s = stringContent();
                return JsonValue.string(text, start, pos, line, s);
            }
            case 't':
                return literal("true", JsonValue.Kind.TRUE);
            case 'f':
                return literal("false", JsonValue.Kind.FALSE);
            case 'n':
                return literal("null", JsonValue.Kind.NULL);
            default:
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                throw error(pos, "expected a value");
        }
    }

    private JsonValue object(int depth) {
        checkDepth(depth);
        int start = pos;
        int startLine = line;
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return JsonValue.object(text, start, pos, startLine, members);
        }
        while (true) {
            if (peek() != '"') {
                throw error(pos, members.isEmpty() ? "expected a string key or '}'" : "expected a string key");
            }
            int keyLine = line;
            String key = stringContent();
            skipWhitespace();
            if (peek() != ':') {
                throw error(pos, "expected ':'");
            }
            pos++;
            skipWhitespace();
            JsonValue member = value(depth + 1);
            if (members.putIfAbsent(key, member) != null) {
                throw new InvalidInputException("key", '"' + key + '"', "is a duplicate: each key may appear once per object")
                    .at(sourceName, keyLine);
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                return JsonValue.object(text, start, pos, startLine, members);
            } else {
                throw error(pos, "expected ',' or '}'");
            }
        }
    }

    private JsonValue array(int depth) {
        checkDepth(depth);
        int start = pos;
        int startLine = line;
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return JsonValue.array(text, start, pos, startLine, elements);
        }
        while (true) {
            elements.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == ']') {
                pos++;
                return JsonValue.array(text, start, pos, startLine, elements);
            } else {
                throw error(pos, "expected ',' or ']'");
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Reads a string starting at the opening quote and leaves {@code pos} after the closing one. */
    private String stringContent() {
        int start = pos;
        pos++;
        StringBuilder decoded = null;
        int chunk = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = decoded == null ? text.substring(chunk, pos) : decoded.append(text, chunk, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error(start, "control character U+" + String.format("%04X", (int) c) + " in a string must be escaped");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (decoded == null) {
                decoded = new StringBuilder();
            }
            decoded.append(text, chunk, pos);
            decoded.append(escape());
            chunk = pos;
        }
    }

    /** Decodes the escape at {@code pos} (a backslash) and leaves {@code pos} after it. */
    private char escape() {
        int start = pos;
        char e = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        pos += 2;
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u': {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < text.length() ? hexDigit(text.charAt(pos)) : -1;
                    if (digit < 0) {
                        throw error(start, "\\u must be followed by 4 hex digits");
                    }
                    code = code << 4 | digit;
                    pos++;
                }
                return (char) code;
            }
            default:
                throw error(start, "invalid escape, allowed \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    private JsonValue number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error(start, "invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error(start, "invalid number");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error(start, "invalid number");
            }
            skipDigits();
        }
        char next = peek();
        if (isDigit(next) || Character.isLetter(next) || next == '.' || next == '+' || next == '-') {
            throw error(start, "invalid number");
        }
        return JsonValue.number(text, start, pos, line, Double.parseDouble(text.substring(start, pos)));
    }

    private JsonValue literal(String word, JsonValue.Kind kind) {
        int start = pos;
        if (!text.startsWith(word, pos)) {
            throw error(start, "expected a value");
        }
        pos += word.length();
        if (Character.isLetterOrDigit(peek())) {
            throw error(start, "expected a value");
        }
        return JsonValue.literal(kind, text, start, pos, line);
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                if (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n') {
                    line++;
                }
            } else if (c != ' ' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** @return the character at {@code pos}, or 0 at the end of the text */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private InvalidInputException error(int at, String problem) {
        if (at >= text.length()) {
            return new InvalidInputException("json", null, "is not valid JSON: " + problem + " but the input ended")
                .at(sourceName, line);
        }
        return new InvalidInputException("json", token(at), "is not valid JSON: " + problem).at(sourceName, line);
    }

    /** @return the token starting at {@code at}: one structural character, or up to the next delimiter */
    private String token(int at) {
        char first = text.charAt(at);
        if (STRUCTURAL.indexOf(first) >= 0) {
            return String.valueOf(first);
        }
        int end = at;
        while (end < text.length() && end - at < TOKEN_CHARS) {
            char c = text.charAt(end);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (end > at && STRUCTURAL.indexOf(c) >= 0)) {
                break;
            }
            end++;
        }
        boolean cut = end - at == TOKEN_CHARS && end < text.length();
        return text.substring(at, end) + (cut ? "..." : "");
    }
}
