package io.geomatch.core;

import io.geomatch.core.testing.JdkTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java snippets, exactly as the README shows them: taken from the file, put one after
 * the other into a program that is given {@code start}, {@code end}, {@code from}, {@code to} and
 * {@code dir}, compiled against this module's API on the class path, and run; the program then
 * prints what the snippets found, which must be the README's camera.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void shouldCompileAndRunTheReadmeSnippets() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> snippets = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            snippets.add(m.group(1));
        }
        assertThat(snippets).as("the README's java blocks").hasSizeGreaterThanOrEqualTo(2);

        StringBuilder program = new StringBuilder("""
            import io.geomatch.core.*;
            import io.geomatch.core.io.*;
            import java.nio.file.Path;

            public class ReadmeProgram {
                public static void main(String[] args) throws Exception {
                    long start = Long.parseLong(args[0]);
                    long end = start + 30_000;
                    long from = start - 60_000;
                    long to = end + 60_000;
                    Path dir = Path.of(args[1]);
            """);
        for (String snippet : snippets) {
            program.append(snippet);
        }
        program.append("""
                    System.out.println(java.util.Arrays.toString(GeoIndex.open(Path.of("cameras.geomatch")).matchIds(
                        Area.wkt("POLYGON ((-87.64 41.87, -87.62 41.87, -87.62 41.89, -87.64 41.89, -87.64 41.87))"),
                        from, to, System.currentTimeMillis())));
                }
            }
            """);
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("ReadmeProgram.java"), program);
        Path out = tmp.resolve("out");
        String classPath = System.getProperty("java.class.path");
        JdkTools.Result compiled = JdkTools.javac(List.of("-classpath", classPath, "-d", out.toString()), src);
        assertThat(compiled.exitStatus()).as("javac on the README's snippets:%n%s%n%s", compiled.output(), program).isZero();

        long start = Instant.now().minusSeconds(3_600).toEpochMilli();
        JdkTools.Result ran = JdkTools.java(List.of("-cp", out + java.io.File.pathSeparator + classPath, "ReadmeProgram",
            Long.toString(start), tmp.resolve("store").toString()), tmp);
        assertThat(ran.exitStatus()).as("the README's snippets ran: %s", ran.output()).isZero();
        assertThat(ran.output()).isEqualTo("[42]");
        assertThat(tmp.resolve("store").resolve("STORE")).exists();
    }
}
