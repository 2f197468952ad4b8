package io.geomatch.core;

/**
 * Bad user input: a value outside its allowed range, a malformed row, an invalid area.
 *
 * <p>The message is one line that names the field, the offending value and what is allowed, and,
 * when the input came from a file, the source name and line number, for example
 * {@code cameras.csv line 17: lat 95.0 is out of range, allowed -90..90}. Nothing that the
 * failing call would have written is left behind.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String source;
    private final long line;

    /**
     * Creates an error about one field.
     *
     * @param field the name of the field or option, for example {@code lat}
     * @param value the offending value as the user gave it (may be {@code null})
     * @param problem what is wrong and what is allowed, for example {@code is out of range, allowed -90..90}
     */
    public InvalidInputException(String field, Object value, String problem) {
        this(field, value == null ? null : String.valueOf(value), problem, null, 0);
    }

    private InvalidInputException(String field, String value, String problem, String source, long line) {
        super(format(field, value, problem, source, line));
        this.field = field;
        this.value = value;
        this.source = source;
        this.line = line;
    }

    private InvalidInputException(InvalidInputException cause, String source, long line) {
        super(source + " line " + line + ": " + cause.getMessage());
        this.field = cause.field;
        this.value = cause.value;
        this.source = source;
        this.line = line;
    }

    private static String format(String field, String value, String problem, String source, long line) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(" line ").append(line).append(": ");
        }
        sb.append(field);
        if (value != null) {
            sb.append(' ').append(quoteIfNeeded(value));
        }
        return sb.append(' ').append(problem).toString();
    }

    private static String quoteIfNeeded(String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == ',' || c < 0x20)) {
            return '\'' + value.replace("\n", "\\n").replace("\r", "\\r") + '\'';
        }
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }

    /**
     * Returns this error located in a file.
     *
     * @param source the file name as shown to the user
     * @param line the 1-based line number
     * @return a new exception whose message starts with {@code source line N: }
     */
    public InvalidInputException at(String source, long line) {
        if (this.source != null) {
            return this;
        }
        InvalidInputException located = new InvalidInputException(this, source, line);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** @return the field or option name this error is about */
    public String field() {
        return field;
    }

    /** @return the offending value, or {@code null} when there is none to show */
    public String value() {
        return value;
    }

    /** @return the file the value came from, or {@code null} */
    public String source() {
        return source;
    }

    /** @return the 1-based line number in {@link #source()}, or 0 when not from a file */
    public long line() {
        return line;
    }
}
