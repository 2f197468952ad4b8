package io.geomatch.examples.cli;

import io.geomatch.cluster.ClusterUnavailableException;
import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.text.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The {@code geomatch.jar} entry point: {@code index}, {@code query}, {@code store}, {@code cluster}, {@code demo}, {@code serve},
 * {@code simulate}, {@code sample}, {@code audit} and {@code loadtest}.
 *
 * <p>Exit codes: 0 on success, 2 for any bad input (options, files, values), 1 for an internal failure, 3 when a cluster
 * cannot answer now (no member reachable, partitions not settled in time: retry) or when {@code audit verify} finds that a
 * log does not verify. Errors are one line on stderr starting {@code error:}; no stack trace is printed
 * unless the environment variable {@code GEOMATCH_DEBUG} is set.
 */
@Command(name = "geomatch", mixinStandardHelpOptions = true, versionProvider = GeomatchCli.Version.class,
    description = "Exact area + timeframe matching of camera locations.",
    subcommands = {IndexCommand.class, QueryCommand.class, StoreCommand.class, ClusterCommand.class, DemoCommand.class, ServeCommand.class, SimulateCommand.class,
        SampleCommand.class, AuditCommand.class, LoadCommand.class, CommandLine.HelpCommand.class})
public final class GeomatchCli implements Runnable {
    /** Exit code for bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a cluster that cannot answer now: the same command may succeed if retried. */
    public static final int EXIT_RETRY = 3;
    /** Exit code for an internal failure. */
    public static final int EXIT_INTERNAL = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "a command is required: index, query, store, cluster, demo, serve, simulate, sample, audit or loadtest");
    }

    /**
     * Runs the CLI and exits the JVM with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, false), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the CLI with the given streams, for embedding and tests.
     *
     * @param out standard output
     * @param err standard error
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new GeomatchCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + oneLine(ex.getMessage()));
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            out.flush();
            int code = report(ex, err);
            err.flush();
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    private static int report(Exception thrown, PrintWriter err) {
        if (System.getenv("GEOMATCH_DEBUG") != null) {
            thrown.printStackTrace(err);
        }
        Exception ex = thrown instanceof UncheckedIOException ? ((UncheckedIOException) thrown).getCause() : thrown;
        if (ex instanceof InvalidInputException || ex instanceof IndexFormatException) {
            err.println("error: " + oneLine(ex.getMessage()));
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof ClusterUnavailableException || ex instanceof DeviceIndex.UnavailableException) {
            err.println("error: " + oneLine(ex.getMessage()));
            return EXIT_RETRY;
        }
        if (ex instanceof FileSystemException fs && fs.getFile() != null) {
            err.println("error: " + oneLine(inWords(fs)));
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof IOException) {
            err.println("error: " + oneLine(String.valueOf(ex.getMessage())));
            return EXIT_BAD_INPUT;
        }
        err.println("error: internal failure: " + oneLine(ex.toString()) + " (set GEOMATCH_DEBUG=1 for the stack trace)");
        return EXIT_INTERNAL;
    }

    /**
     * @return a message on one line: line breaks and the space around them become one space, and
     *     whatever else a terminal would act on (escape sequences from a file name, say) is escaped
     */
    static String oneLine(String message) {
        return message == null ? "" : Printable.escape(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
    }

    /**
     * @return what a file-system error means, in words and naming its file: the JDK's own message
     *     is often the bare path, or the path and the system's terse reason
     */
    private static String inWords(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof NoSuchFileException) {
            return "file " + file + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "file " + file + " cannot be accessed (permission denied)";
        }
        if (e instanceof FileAlreadyExistsException) {
            // Where a directory is to be made (the usual case here), or a file created afresh.
            Path path = Path.of(file);
            if (Files.isSymbolicLink(path) && !Files.exists(path)) {
                return file + " is a symbolic link that leads to no file (its target is missing, or the links form a loop)";
            }
            return file + " already exists" + (Files.isDirectory(path) ? "" : " and is not a directory");
        }
        if (e instanceof NotDirectoryException) {
            return file + " is not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory " + file + " is not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return file + ": its symbolic links form a loop";
        }
        String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        return file + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "") + ": " + reason;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GeomatchCli.class.getPackage().getImplementationVersion();
            return new String[] {"geomatch " + (v == null ? "development build" : v)};
        }
    }
}
