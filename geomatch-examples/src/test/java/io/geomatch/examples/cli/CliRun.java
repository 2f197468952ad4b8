package io.geomatch.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI, as a user would see it: its exit code and what it printed. */
final class CliRun {
    /** The exit code. */
    final int code;
    /** What it printed on standard output. */
    final String out;
    /** What it printed on standard error. */
    final String err;

    private CliRun(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    int code() {
        return code;
    }

    String out() {
        return out;
    }

    String err() {
        return err;
    }

    /**
     * @param args the command line
     * @return what running it gave
     */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GeomatchCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
