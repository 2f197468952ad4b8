package io.geomatch.core.internal.area;

import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParserTest {
    private static final String SOURCE = "t.json";

    private static JsonValue parse(String text) {
        return JsonParser.parse(text, SOURCE);
    }

    @Test
    void shouldRecordTheLineOfEveryValue() {
        JsonValue root = parse("{\n  \"a\": [1,\n    \"two\",\n    {\"b\": null}],\n  \"c\": true\n}");

        assertThat(root.line()).isEqualTo(1);
        JsonValue a = root.member("a");
        assertThat(a.line()).isEqualTo(2);
        assertThat(a.elements()).extracting(JsonValue::line).containsExactly(2, 3, 4);
        assertThat(a.elements().get(0).number()).isEqualTo(1.0);
        assertThat(a.elements().get(1).string()).isEqualTo("two");
        assertThat(a.elements().get(2).member("b").kind()).isEqualTo(JsonValue.Kind.NULL);
        assertThat(root.member("c").kind()).isEqualTo(JsonValue.Kind.TRUE);
        assertThat(root.member("c").line()).isEqualTo(5);
        assertThat(root.members().keySet()).containsExactly("a", "c");
    }

    @Test
    void shouldCountCrLfAndLoneCrAsOneLineBreakEach() {
        JsonValue root = parse("[1,\r\n2,\r3,\n4]");

        assertThat(root.elements()).extracting(JsonValue::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldDecodeEveryEscapeIncludingUnicode() {
        JsonValue value = parse("\"q\\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\tu\\u00e9\\uD83D\\uDE00end\"");

        assertThat(value.string()).isEqualTo("q\"b\\s/b\bf\fn\nr\rt\tu\u00e9\uD83D\uDE00end");
    }

    @Test
    void shouldParseNumbersAsDoubles() {
        List<JsonValue> numbers = parse("[0, -0.5e2, 12.25, 1E+2, 3e-1, -7]").elements();

        assertThat(numbers).extracting(JsonValue::number).containsExactly(0.0, -50.0, 12.25, 100.0, 0.3, -7.0);
    }

    @Test
    void shouldSkipByteOrderMarkAndSurroundingWhitespace() {
        assertThat(parse("\uFEFF \n {} \n ").members()).isEmpty();
    }

    @Test
    void shouldAllowSixtyFourLevelsOfNesting() {
        JsonValue value = parse("[".repeat(64) + "]".repeat(64));

        assertThat(value.elements()).hasSize(1);
    }

    @Test
    void shouldShortenSnippetsToOneLine() {
        JsonValue value = parse("[1,\n   2,\n   3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]");

        assertThat(value.snippet()).isEqualTo("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1...");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
            Arguments.of("{\"a\":1 \"b\":2}", "t.json line 1: json \"b\" is not valid JSON: expected ',' or '}'"),
            Arguments.of("[1,\n]", "t.json line 2: json ] is not valid JSON: expected a value"),
            Arguments.of("[1 2]", "t.json line 1: json 2 is not valid JSON: expected ',' or ']'"),
            Arguments.of("{\"a\" 1}", "t.json line 1: json 1 is not valid JSON: expected ':'"),
            Arguments.of("{1:2}", "t.json line 1: json 1 is not valid JSON: expected a string key or '}'"),
            Arguments.of("{'a':1}", "t.json line 1: json 'a' is not valid JSON: expected a string key or '}'"),
            Arguments.of("{\"a\":1,}", "t.json line 1: json } is not valid JSON: expected a string key"),
            Arguments.of("[01]", "t.json line 1: json 01 is not valid JSON: invalid number"),
            Arguments.of("[1.]", "t.json line 1: json 1. is not valid JSON: invalid number"),
            Arguments.of("[-]", "t.json line 1: json - is not valid JSON: invalid number"),
            Arguments.of("[1e]", "t.json line 1: json 1e is not valid JSON: invalid number"),
            Arguments.of("[0x10]", "t.json line 1: json 0x10 is not valid JSON: invalid number"),
            Arguments.of("[+1]", "t.json line 1: json +1 is not valid JSON: expected a value"),
            Arguments.of("[NaN]", "t.json line 1: json NaN is not valid JSON: expected a value"),
            Arguments.of("[tru]", "t.json line 1: json tru is not valid JSON: expected a value"),
            Arguments.of("[nullx]", "t.json line 1: json nullx is not valid JSON: expected a value"),
            Arguments.of("// comment\n{}", "t.json line 1: json // is not valid JSON: expected a value"),
            Arguments.of("\n\"abc", "t.json line 2: json \"abc is not valid JSON: unterminated string"),
            Arguments.of("\"a\\x\"", "t.json line 1: json \\x\" is not valid JSON: invalid escape, allowed"
                + " \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
            Arguments.of("\"\\u12G4\"", "t.json line 1: json \\u12G4\" is not valid JSON: \\u must be followed by 4 hex digits"),
            Arguments.of("\"a\tb\"", "t.json line 1: json \"a is not valid JSON: control character U+0009 in a string must be escaped"),
            Arguments.of("{\"a\":1}\nx", "t.json line 2: json x is not valid JSON: unexpected text after the end of the value"),
            Arguments.of("{} {}", "t.json line 1: json { is not valid JSON: unexpected text after the end of the value"),
            Arguments.of("{\"a\":", "t.json line 1: json is not valid JSON: expected a value but the input ended"),
            Arguments.of("", "t.json line 1: json is not valid JSON: expected a value but the input ended"),
            Arguments.of("[1,\n2\n", "t.json line 3: json is not valid JSON: expected ',' or ']' but the input ended"),
            Arguments.of("[\"abcdefghijklmnopqrstuvwxyz\" 1]",
                "t.json line 1: json 1 is not valid JSON: expected ',' or ']'"),
            Arguments.of("[truthfulness_is_a_long_word_indeed]",
                "t.json line 1: json truthfulness_is_a_lo... is not valid JSON: expected a value"),
            Arguments.of("{\"type\": \"a\",\n \"type\": \"b\"}",
                "t.json line 2: key \"type\" is a duplicate: each key may appear once per object"),
            Arguments.of("[".repeat(65) + "]".repeat(65), "t.json line 1: json [ is not valid JSON: nesting deeper than 64 levels"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectInvalidJsonNamingTokenAndLine(String text, String message) {
        assertThatThrownBy(() -> parse(text))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(message)
            .satisfies(e -> assertThat(((InvalidInputException) e).source()).isEqualTo(SOURCE));
    }
}
