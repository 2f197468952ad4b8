package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {
    @TempDir
    Path tmp;

    private static CsvReader csv(String text) throws IOException {
        return CsvReader.open(new StringReader(text), "c.csv");
    }

    /** Reads every row as "line:field|field|..." to compare whole files in one assertion. */
    private static List<String> rows(CsvReader reader, int columns) throws IOException {
        List<String> rows = new ArrayList<>();
        while (reader.next()) {
            StringBuilder row = new StringBuilder().append(reader.lineNumber()).append(':');
            for (int c = 0; c < columns; c++) {
                row.append(c == 0 ? "" : "|").append(reader.field(c));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    @Test
    void shouldReadQuotedFieldsWithCommasAndDoubledQuotes() throws IOException {
        try (CsvReader reader = csv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",  \"  kept  \"  \n\"\",plain , \"\"\"\"\n")) {
            assertThat(rows(reader, 3)).containsExactly("2:x, y|say \"hi\"|  kept  ", "3:|plain|\"");
        }
    }

    @Test
    void shouldSkipBomAndBlankLinesAndHandleCrLf() throws IOException {
        Path file = tmp.resolve("rows.csv");
        Files.writeString(file, "\uFEFF\r\n  \r\na,b,c\r\n1,2,3\r\n\r\n\t\r\n4,5,6\n7,8,9", StandardCharsets.UTF_8);

        try (CsvReader reader = CsvReader.open(file)) {
            assertThat(reader.lineNumber()).isEqualTo(3);
            assertThat(reader.column("a")).isZero();
            assertThat(rows(reader, 3)).containsExactly("4:1|2|3", "7:4|5|6", "8:7|8|9");
            assertThat(reader.sourceName()).isEqualTo(file.toString());
        }
    }

    @Test
    void shouldFindColumnsByTrimmedCaseInsensitiveName() throws IOException {
        try (CsvReader reader = csv(" Lon , LAT,id,notes\n-87.5,41.25,7,\"anything, really\"\n")) {
            assertThat(reader.column("lat")).isEqualTo(1);
            assertThat(reader.column(" ID ")).isEqualTo(2);
            assertThat(reader.requireColumn("lon")).isZero();
            assertThat(reader.column("opted_in")).isEqualTo(-1);
            assertThat(reader.next()).isTrue();
            assertThat(reader.doubleField(reader.column("lat"), "lat")).isEqualTo(41.25);
            assertThat(reader.doubleField(reader.column("lon"), "lon")).isEqualTo(-87.5);
            assertThat(reader.longField(reader.column("id"), "id")).isEqualTo(7);
            assertThat(reader.next()).isFalse();
        }
    }

    @Test
    void shouldParseTypedFieldsAndDefaults() throws IOException {
        try (CsvReader reader = csv("d,l,i,b\n1e-3,-9223372036854775808,+42,TRUE\n-0.5,0,,\n")) {
            assertThat(reader.next()).isTrue();
            assertThat(reader.doubleField(0, "d")).isEqualTo(0.001);
            assertThat(reader.longField(1, "l")).isEqualTo(Long.MIN_VALUE);
            assertThat(reader.intField(2, "i", 30)).isEqualTo(42);
            assertThat(reader.booleanField(3, "b", false)).isTrue();
            assertThat(reader.next()).isTrue();
            assertThat(reader.doubleField(0, "d")).isEqualTo(-0.5);
            assertThat(reader.intField(2, "i", 30)).isEqualTo(30);
            assertThat(reader.booleanField(3, "b", true)).isTrue();
            assertThat(reader.booleanField(3, "b", false)).isFalse();
            assertThat(reader.intField(-1, "absent", 7)).isEqualTo(7);
            assertThat(reader.booleanField(-1, "absent", true)).isTrue();
        }
    }

    @Test
    void shouldStreamWithoutReadingAhead() throws IOException {
        Reader endless = new Reader() {
            private long row;
            private String pending = "id,v\n";
            private int offset;

            @Override
            public int read(char[] buffer, int off, int len) {
                if (offset == pending.length()) {
                    pending = row++ + ",x\n";
                    offset = 0;
                }
                int n = Math.min(len, pending.length() - offset);
                pending.getChars(offset, offset + n, buffer, off);
                offset += n;
                return n;
            }

            @Override
            public void close() {
            }
        };

        try (CsvReader reader = CsvReader.open(endless, "endless")) {
            for (long i = 0; i < 10_000; i++) {
                assertThat(reader.next()).isTrue();
                assertThat(reader.longField(0, "id")).isEqualTo(i);
            }
            assertThat(reader.lineNumber()).isEqualTo(10_001);
        }
    }

    @Test
    void shouldRefuseFieldAccessWithoutCurrentRow() throws IOException {
        try (CsvReader reader = csv("a\n")) {
            assertThatThrownBy(() -> reader.field(0)).isInstanceOf(IllegalStateException.class);
            assertThat(reader.next()).isFalse();
            assertThatThrownBy(() -> reader.field(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldRejectMissingRequiredColumnOnHeaderLine() throws IOException {
        try (CsvReader reader = csv("\nid,lon\n1,2\n")) {
            assertThatThrownBy(() -> reader.requireColumn("lat"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("c.csv line 2: header 'id,lon' is missing required column 'lat'");
        }
    }

    @Test
    void shouldRejectFileThatIsNotUtf8NamingTheLine() throws IOException {
        Path file = tmp.resolve("latin1.csv");
        Files.write(file, "id,name\n1,ok\n2,S\u00e3o Paulo\n".getBytes(StandardCharsets.ISO_8859_1));

        try (CsvReader reader = CsvReader.open(file)) {
            assertThat(reader.next()).isTrue();
            assertThatThrownBy(reader::next)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " line 3: text is not valid UTF-8");
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            Arguments.of("", "c.csv line 1: header is missing: the file has no non-blank line"),
            Arguments.of("id,Lat,lat\n", "c.csv line 1: header 'id,Lat,lat' has duplicate column 'lat'"),
            Arguments.of("a,b,c\n1,2,3\n1,2\n", "c.csv line 3: row has 2 fields, expected 3 as in the header"),
            Arguments.of("a,b,c\n1,2,3,\n", "c.csv line 2: row has 4 fields, expected 3 as in the header"),
            Arguments.of("a,b\n1,\"open\n2\"\n", "c.csv line 2: row has an unterminated quote in field 2:"
                + " a quoted field must end on the same line"),
            Arguments.of("a,b\n1,12\" screen\n", "c.csv line 2: row has a quote inside unquoted field 2:"
                + " quote the whole field and double the quotes inside"),
            Arguments.of("a,b\n\"x\"y,2\n", "c.csv line 2: row has text after the closing quote of field 1"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void shouldRejectMalformedCsvNamingLine(String text, String message) {
        assertThatThrownBy(() -> {
            try (CsvReader reader = csv(text)) {
                while (reader.next()) {
                    reader.field(0);
                }
            }
        }).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
            Arguments.of("abc", "double", "c.csv line 2: v abc is not a number"),
            Arguments.of("NaN", "double", "c.csv line 2: v NaN is not a number"),
            Arguments.of("1e999", "double", "c.csv line 2: v 1e999 is not a number"),
            Arguments.of("1e", "double", "c.csv line 2: v 1e is not a number"),
            Arguments.of("0x10", "double", "c.csv line 2: v 0x10 is not a number"),
            Arguments.of("", "double", "c.csv line 2: v '' is not a number"),
            Arguments.of("1.5", "long", "c.csv line 2: v 1.5 is not an integer, allowed -9223372036854775808..9223372036854775807"),
            Arguments.of("9223372036854775808", "long",
                "c.csv line 2: v 9223372036854775808 is not an integer, allowed -9223372036854775808..9223372036854775807"),
            Arguments.of("2147483648", "int", "c.csv line 2: v 2147483648 is not an integer, allowed -2147483648..2147483647"),
            Arguments.of("yes", "boolean", "c.csv line 2: v yes is not a boolean, allowed true or false"),
            Arguments.of("1", "boolean", "c.csv line 2: v 1 is not a boolean, allowed true or false"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void shouldRejectBadValuesNamingFieldValueAndLine(String value, String type, String message) throws IOException {
        try (CsvReader reader = csv("v\n\"" + value + "\"\n")) {
            assertThat(reader.next()).isTrue();
            assertThatThrownBy(() -> {
                switch (type) {
                    case "double":
                        reader.doubleField(0, "v");
                        break;
                    case "long":
                        reader.longField(0, "v");
                        break;
                    case "int":
                        reader.intField(0, "v", 0);
                        break;
                    default:
                        reader.booleanField(0, "v", false);
                }
            }).isInstanceOf(InvalidInputException.class).hasMessage(message);
        }
    }
}
