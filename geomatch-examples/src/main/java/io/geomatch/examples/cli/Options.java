package io.geomatch.examples.cli;

import io.geomatch.core.Camera;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.io.Instants;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parsing of option values shared by the commands; every failure names the option. */
final class Options {
    private Options() {
    }

    /**
     * @param option the option name, e.g. {@code --bucket}
     * @param seconds a positive number of seconds with at most millisecond precision
     * @return the value in milliseconds
     */
    static long secondsToMillis(String option, String seconds) {
        try {
            BigDecimal millis = new BigDecimal(seconds.trim()).movePointRight(3);
            if (millis.signum() <= 0 || millis.stripTrailingZeros().scale() > 0) {
                throw new InvalidInputException(option, seconds, "must be a positive number of seconds with at most millisecond precision, e.g. 60 or 0.001");
            }
            return millis.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(option, seconds, "is not a number of seconds, e.g. 60 or 0.001");
        }
    }

    /**
     * @param option the option name, e.g. {@code --max-retention}
     * @param days the longest retention a camera may have
     * @return {@code days}, once checked to be {@value Camera#MIN_RETENTION_DAYS}..{@value Camera#MAX_RETENTION_DAYS}
     */
    static int maxRetentionDays(String option, int days) {
        if (days < Camera.MIN_RETENTION_DAYS || days > Camera.MAX_RETENTION_DAYS) {
            throw new InvalidInputException(option, days,
                "is out of range, allowed " + Camera.MIN_RETENTION_DAYS + ".." + Camera.MAX_RETENTION_DAYS);
        }
        return days;
    }

    /**
     * @param option the option name
     * @param text ISO-8601 instant or epoch milliseconds
     * @return epoch milliseconds
     */
    static long instant(String option, String text) {
        return Instants.parseMillis(option, text);
    }

    /**
     * @param option the option name
     * @param file a file that must exist and be readable
     * @return the file
     */
    static Path existingFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(option, file, Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(option, file, "is not readable");
        }
        return file;
    }

    /**
     * Checks, before any work, that a file can be created at {@code file}.
     *
     * @param option the option name
     * @param file the file to be written
     * @return the file
     */
    static Path writableTarget(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(option, file, "is a directory, give a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException(option, file, "cannot be written: directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(option, file, "cannot be written: directory " + dir + " is not writable");
        }
        return file;
    }

    /**
     * Checks, before any work, that a file can be created at {@code file} by writing a temporary
     * file and renaming it over {@code file}: as {@link #writableTarget}, and {@code file} must not
     * be anything but a regular file, which the rename would replace (a FIFO, or a device such as
     * {@code /dev/null}), instead of being written to.
     *
     * @param option the option name
     * @param file the file to be written
     * @return the file
     */
    static Path replaceableTarget(String option, Path file) {
        writableTarget(option, file);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidInputException(option, file, "is not a regular file, and writing replaces it; give a file name");
        }
        return file;
    }

    /**
     * Checks that a file to be written is none of the files the command also reads or writes.
     *
     * @param option the option of the file to be written
     * @param file that file
     * @param others the options and files it must differ from, in pairs: option, then path (a
     *     {@code null} path, an option not given, is skipped)
     * @return the file
     */
    static Path distinctTarget(String option, Path file, Object... others) {
        for (int i = 0; i < others.length; i += 2) {
            Path other = (Path) others[i + 1];
            if (other != null && sameFile(file, other)) {
                throw new InvalidInputException(option, file, "is also given as " + others[i] + ": give a file of its own");
            }
        }
        return file;
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * @param option the option name
     * @param text a decimal number
     * @return its value
     */
    static double number(String option, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(option, text, "is not a finite number");
    }
}
