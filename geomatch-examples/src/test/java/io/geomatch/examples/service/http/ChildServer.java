package io.geomatch.examples.service.http;

import io.geomatch.examples.cli.GeomatchCli;
import io.geomatch.examples.service.CommunityService;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code geomatch serve} in a child JVM (with its own heap limit), for crash, memory and load tests. */
final class ChildServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+) ");
    final Process process;
    final int port;
    final ApiClient api;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.api = new ApiClient(port);
    }

    /**
     * @param data the data directory
     * @param jvmOptions options for the child JVM, such as {@code -Xmx32m}
     * @param serveOptions options after {@code serve --port 0 --data DIR}; without
     *     {@code --owner-round-millis}, rounds of 10 ms, as in-process tests run
     */
    static ChildServer start(Path data, List<String> jvmOptions, String... serveOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GeomatchCli.class.getName(), "serve", "--port", "0",
            "--data", data.toString()));
        command.addAll(List.of(serveOptions));
        if (!List.of(serveOptions).contains("--owner-round-millis")) {
            command.addAll(List.of("--owner-round-millis", "10"));
        }
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new ChildServer(child, Integer.parseInt(m.group(1)));
            }
        }
        child.destroyForcibly();
        throw new IOException("serve exited with " + waitFor(child) + " before printing its port");
    }

    static String operatorToken(Path data) throws IOException {
        return Files.readString(data.resolve(CommunityService.OPERATOR_TOKEN_FILE)).strip();
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops it with SIGKILL. */
    void kill() {
        process.destroyForcibly();
        waitFor(process);
    }

    @Override
    public void close() {
        kill();
    }
}
