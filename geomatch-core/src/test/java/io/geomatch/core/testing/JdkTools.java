package io.geomatch.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JDK's own {@code javac} and {@code java}, run as child processes of the JDK that runs the
 * tests, for tests that build and run code the way a user would.
 */
public final class JdkTools {
    /**
     * What a tool did.
     *
     * @param exitStatus its exit status
     * @param output what it wrote to standard output and standard error, trimmed
     */
    public record Result(int exitStatus, String output) {
    }

    private JdkTools() {
    }

    /**
     * Compiles every {@code .java} file under a directory.
     *
     * @param options javac's options
     * @param sources the directory
     * @return what javac did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result javac(List<String> options, Path sources) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(options);
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> args.add(p.toString()));
        }
        return run("javac", args, null);
    }

    /**
     * Runs a program.
     *
     * @param args java's arguments
     * @param workingDirectory where it runs, or {@code null} for the current directory
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result java(List<String> args, Path workingDirectory) throws IOException, InterruptedException {
        return run("java", args, workingDirectory);
    }

    private static Result run(String tool, List<String> args, Path workingDirectory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError(tool + " did not finish within two minutes: " + output);
        }
        return new Result(child.exitValue(), output);
    }
}
