package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Streams the rows of a CSV file one at a time, in constant memory, with columns found by header
 * name and every error naming the file and line.
 *
 * <p>Format: UTF-8 (bytes that are not UTF-8 are an error naming their line), lines ended by
 * {@code \n} or {@code \r\n}; a leading byte order mark is skipped; blank lines are skipped anywhere. The first non-blank line is the header; column names
 * are matched trimmed and case-insensitively, and must be unique. Fields are separated by commas;
 * a field may be enclosed in double quotes (RFC 4180), inside which a comma is data and {@code ""}
 * is one quote. A quoted field must end on the line it starts on. Unquoted fields are trimmed;
 * quoted fields are returned exactly as quoted. Every row must have as many fields as the header.
 *
 * <p>Single use and not thread-safe: one thread calls {@link #next()} and reads the fields of the
 * current row, which are valid until the next call.
 */
public final class CsvReader implements Closeable {
    private final BufferedReader reader;
    private final String sourceName;
    private final String headerLine;
    private final String[] names;
    private final long headerLineNumber;

    private long lineNumber;
    private String line;
    private int fieldCount;
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private boolean[] escaped = new boolean[8];
    private boolean onRow;

    private CsvReader(BufferedReader reader, String sourceName) throws IOException {
        this.reader = reader;
        this.sourceName = sourceName;
        if (!readNonBlankLine()) {
            throw new InvalidInputException("header", null, "is missing: the file has no non-blank line")
                .at(sourceName, Math.max(1, lineNumber));
        }
        headerLine = line.strip();
        headerLineNumber = lineNumber;
        split();
        names = new String[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            names[i] = rawField(i).strip().toLowerCase(Locale.ROOT);
            for (int j = 0; j < i; j++) {
                if (names[j].equals(names[i])) {
                    throw new InvalidInputException("header", headerLine, "has duplicate column '" + names[i] + "'")
                        .at(sourceName, lineNumber);
                }
            }
        }
    }

    /**
     * Opens a UTF-8 CSV file and reads its header. Error messages start with {@code file.toString()}.
     *
     * @param file the CSV file
     * @return a reader positioned before the first data row; close it
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException if there is no header line or it is malformed
     */
    public static CsvReader open(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), Utf8.decoder()));
        try {
            return new CsvReader(reader, file.toString());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Reads CSV from a character stream and reads its header.
     *
     * @param reader the text, already decoded; it is buffered if it is not a {@link BufferedReader}
     * @param sourceName the name that error messages start with
     * @return a reader positioned before the first data row; closing it closes {@code reader}
     * @throws IOException if the text cannot be read
     * @throws InvalidInputException if there is no header line or it is malformed
     */
    public static CsvReader open(Reader reader, String sourceName) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        BufferedReader buffered = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        return new CsvReader(buffered, sourceName);
    }

    /**
     * Refuses a header whose column, unknown to the reader, looks like one of the optional columns
     * the file lacks: the same letters and digits but for case and punctuation, the start of that
     * name (three characters or more), or one letter off it (four or more). A reader ignores a
     * column it does not know, so a misspelt optional column would otherwise give every row that
     * column's default, silently: {@code optedin} would take every camera as opted in.
     *
     * @param known every column the reader knows, required or not, as matched by {@link #column}
     * @param optional those of them that may be absent
     * @throws InvalidInputException naming the header line and both columns
     */
    public void refuseLookalikes(java.util.Set<String> known, java.util.Set<String> optional) {
        for (String name : names) {
            if (known.contains(name)) {
                continue;
            }
            String given = lettersAndDigits(name);
            for (String wanted : optional) {
                if (column(wanted) >= 0) {
                    continue;
                }
                String target = lettersAndDigits(wanted);
                boolean alike = given.equals(target)
                    || given.length() >= 3 && (target.startsWith(given) || given.startsWith(target))
                    || given.length() >= 4 && target.length() >= 4 && oneEditApart(given, target);
                if (alike) {
                    throw new InvalidInputException("header", headerLine, "has column '" + name + "', which is not '" + wanted
                        + "' but looks like it: rename it ('" + wanted + "' would take its default for every row, and a column"
                        + " the reader does not know is ignored)").at(sourceName, headerLineNumber);
                }
            }
        }
    }

    private static String lettersAndDigits(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** @return whether one insertion, deletion or substitution turns {@code a} into {@code b} */
    private static boolean oneEditApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return false;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = a.length() <= b.length() ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        // Past the first difference, the rest must match: after a substitution, or after the longer one's extra letter.
        return shorter.length() == longer.length() ? shorter.substring(i + 1).equals(longer.substring(i + 1))
            : shorter.substring(i).equals(longer.substring(i + 1));
    }

    /**
     * @param name a column name, matched trimmed and case-insensitively
     * @return the column's 0-based index, or -1 if the header has no such column
     */
    public int column(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param name a column name, matched trimmed and case-insensitively
     * @return the column's 0-based index
     * @throws InvalidInputException if the header has no such column, for example
     *     {@code cameras.csv line 1: header 'id,lon' is missing required column 'lat'}
     */
    public int requireColumn(String name) {
        int column = column(name);
        if (column < 0) {
            throw new InvalidInputException("header", headerLine, "is missing required column '" + name + "'")
                .at(sourceName, headerLineNumber);
        }
        return column;
    }

    /**
     * Advances to the next non-blank data row.
     *
     * @return {@code true} if there is a row, {@code false} at the end of the file
     * @throws IOException if the text cannot be read
     * @throws InvalidInputException if the row is malformed or has another number of fields than the header
     */
    public boolean next() throws IOException {
        onRow = false;
        if (!readNonBlankLine()) {
            return false;
        }
        split();
        if (fieldCount != names.length) {
            throw new InvalidInputException("row", null, "has " + fieldCount + " fields, expected " + names.length
                + " as in the header").at(sourceName, lineNumber);
        }
        onRow = true;
        return true;
    }

    /**
     * @param column a 0-based column index from {@link #column} or {@link #requireColumn}
     * @return the field of the current row: trimmed if unquoted, with quotes removed and
     *     {@code ""} unescaped if quoted
     * @throws IllegalStateException if there is no current row
     * @throws IndexOutOfBoundsException if the column does not exist
     */
    public String field(int column) {
        if (!onRow) {
            throw new IllegalStateException("no current row: call next() first and only while it returns true");
        }
        Objects.checkIndex(column, fieldCount);
        return rawField(column);
    }

    /**
     * @param column a 0-based column index
     * @param name the field name for error messages, usually the column name
     * @return the field as a finite decimal number, such as {@code -87.625} or {@code 1e-3}
     * @throws InvalidInputException if it is not one, for example
     *     {@code cameras.csv line 3: lat abc is not a number}
     */
    public double doubleField(int column, String name) {
        String text = field(column);
        if (isDecimal(text)) {
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, like any other text that is not a number
            }
        }
        throw located(name, text, "is not a number");
    }

    /**
     * @param column a 0-based column index
     * @param name the field name for error messages, usually the column name
     * @return the field as a 64-bit signed integer
     * @throws InvalidInputException if it is not one
     */
    public long longField(int column, String name) {
        String text = field(column);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw located(name, text, "is not an integer, allowed " + Long.MIN_VALUE + ".." + Long.MAX_VALUE);
        }
    }

    /**
     * @param column a 0-based column index, or -1 for a column the file does not have
     * @param name the field name for error messages, usually the column name
     * @param defaultValue returned when the column is absent or the field is empty
     * @return the field as a 32-bit signed integer
     * @throws InvalidInputException if it is not one
     */
    public int intField(int column, String name, int defaultValue) {
        if (column < 0 || field(column).isEmpty()) {
            return defaultValue;
        }
        String text = field(column);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw located(name, text, "is not an integer, allowed " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
        }
    }

    /**
     * @param column a 0-based column index, or -1 for a column the file does not have
     * @param name the field name for error messages, usually the column name
     * @param defaultValue returned when the column is absent or the field is empty
     * @return {@code true} or {@code false}, spelt in any case
     * @throws InvalidInputException if it is something else
     */
    public boolean booleanField(int column, String name, boolean defaultValue) {
        if (column < 0 || field(column).isEmpty()) {
            return defaultValue;
        }
        String text = field(column);
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw located(name, text, "is not a boolean, allowed true or false");
    }

    /** @return the 1-based line number of the current row (of the header before the first {@link #next()}) */
    public long lineNumber() {
        return lineNumber;
    }

    /** @return the name that error messages start with, such as the file name */
    public String sourceName() {
        return sourceName;
    }

    /**
     * Closes the underlying reader.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        onRow = false;
        reader.close();
    }

    private InvalidInputException located(String name, String value, String problem) {
        return new InvalidInputException(name, value, problem).at(sourceName, lineNumber);
    }

    private boolean readNonBlankLine() throws IOException {
        while (true) {
            String next = reader.readLine();
            if (next == null) {
                line = null;
                return false;
            }
            lineNumber++;
            if (Utf8.malformedIndex(next) >= 0) {
                throw Utf8.notUtf8(sourceName, lineNumber);
            }
            if (lineNumber == 1 && next.startsWith("\uFEFF")) {
                next = next.substring(1);
            }
            if (!next.isBlank()) {
                line = next;
                return true;
            }
        }
    }

    /** Finds the fields of {@link #line}; they are cut out lazily by {@link #field}. */
    private void split() {
        fieldCount = 0;
        int n = line.length();
        int i = 0;
        while (true) {
            int start = skipSpaces(i);
            int next;
            if (start < n && line.charAt(start) == '"') {
                next = quoted(start);
            } else {
                int end = start;
                while (end < n && line.charAt(end) != ',') {
                    if (line.charAt(end) == '"') {
                        throw syntax("has a quote inside unquoted field " + (fieldCount + 1)
                            + ": quote the whole field and double the quotes inside");
                    }
                    end++;
                }
                next = end;
                while (end > start && line.charAt(end - 1) <= ' ') {
                    end--;
                }
                add(start, end, false);
            }
            if (next >= n) {
                return;
            }
            i = next + 1;
        }
    }

    /** Reads the quoted field that starts at {@code quote}; returns the index of the comma or end after it. */
    private int quoted(int quote) {
        int n = line.length();
        boolean hasEscapes = false;
        int i = quote + 1;
        while (true) {
            if (i >= n) {
                throw syntax("has an unterminated quote in field " + (fieldCount + 1)
                    + ": a quoted field must end on the same line");
            }
            if (line.charAt(i) == '"') {
                if (i + 1 < n && line.charAt(i + 1) == '"') {
                    hasEscapes = true;
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        add(quote + 1, i, hasEscapes);
        int after = skipSpaces(i + 1);
        if (after < n && line.charAt(after) != ',') {
            throw syntax("has text after the closing quote of field " + fieldCount);
        }
        return after;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private void add(int start, int end, boolean hasEscapes) {
        if (fieldCount == starts.length) {
            starts = Arrays.copyOf(starts, fieldCount * 2);
            ends = Arrays.copyOf(ends, fieldCount * 2);
            escaped = Arrays.copyOf(escaped, fieldCount * 2);
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        escaped[fieldCount] = hasEscapes;
        fieldCount++;
    }

    private String rawField(int column) {
        String text = line.substring(starts[column], ends[column]);
        return escaped[column] ? text.replace("\"\"", "\"") : text;
    }

    private InvalidInputException syntax(String problem) {
        return new InvalidInputException("row", null, problem).at(sourceName, lineNumber);
    }

    /** @return whether {@code text} is a plain decimal number: sign, digits, point, exponent, nothing else */
    private static boolean isDecimal(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digits > 0;
    }
}
