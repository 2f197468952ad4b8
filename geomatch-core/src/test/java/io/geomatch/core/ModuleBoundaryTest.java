package io.geomatch.core;

import io.geomatch.core.testing.JdkTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * geomatch-core as a user's build sees it, in child JVMs: a consumer module that requires
 * {@code io.geomatch.core} compiles and runs on the module path with jts, h3, agrona and
 * RoaringBitmap as they are packaged (reading JTS and RoaringBitmap types through the core, and
 * loading h3's native library); the same consumer compiles and runs on the class path; and a
 * module-path consumer that imports the engine does not compile, because the module does not
 * export it.
 */
class ModuleBoundaryTest {
    /** A user of the API: a built index, a polygon, an H3 area, a bitmap of the result. */
    private static final String MAIN = """
        package consumer;

        import io.geomatch.core.Area;
        import io.geomatch.core.Camera;
        import io.geomatch.core.GeoIndex;
        import io.geomatch.core.Matches;
        import org.locationtech.jts.geom.Coordinate;
        import org.locationtech.jts.geom.GeometryFactory;
        import org.roaringbitmap.RoaringBitmap;

        public class Main {
            public static void main(String[] args) {
                long t = 1_762_000_000_000L;
                GeoIndex index = GeoIndex.builder(60_000)
                    .addCamera(Camera.at(42L, 41.8781, -87.6298))
                    .addCamera(Camera.at(7L, 41.8781, -87.6298).optedIn(false))
                    .addFootage(42L, t, t + 30_000).addFootage(7L, t, t + 30_000)
                    .build();
                GeometryFactory f = new GeometryFactory();
                Area square = Area.polygon(f.createPolygon(new Coordinate[] {new Coordinate(-87.64, 41.87), new Coordinate(-87.62, 41.87),
                    new Coordinate(-87.62, 41.89), new Coordinate(-87.64, 41.89), new Coordinate(-87.64, 41.87)}));
                Matches matches = new Matches();
                index.match(square, t, t + 60_000, t + 60_000, matches);
                RoaringBitmap ordinals = matches.addOrdinalsTo(new RoaringBitmap());
                long[] byCells = index.matchIds(Area.h3Cells(0x8928308280fffffL), t, t + 60_000, t + 60_000);
                System.out.println("ids=" + java.util.Arrays.toString(matches.ids()) + " ordinals=" + ordinals.getCardinality()
                    + " cells=" + byCells.length);
            }
        }
        """;

    @TempDir
    Path tmp;

    @Test
    void shouldServeAModuleConsumer() throws Exception {
        Path src = tmp.resolve("src");
        write(src.resolve("module-info.java"), "module consumer { requires io.geomatch.core; }");
        write(src.resolve("consumer/Main.java"), MAIN);
        Path out = tmp.resolve("out");
        String modulePath = join(coreClasses(), dependencies());
        assertThat(compile(List.of("--module-path", modulePath, "-d", out.toString()), src)).isEmpty();
        assertThat(run(List.of("--module-path", join(out.toString(), modulePath), "--module", "consumer/consumer.Main")))
            .isEqualTo("ids=[42] ordinals=1 cells=0");
    }

    @Test
    void shouldServeAClassPathConsumer() throws Exception {
        Path src = tmp.resolve("src");
        write(src.resolve("consumer/Main.java"), MAIN);
        Path out = tmp.resolve("out");
        String classPath = join(coreClasses(), dependencies());
        assertThat(compile(List.of("-classpath", classPath, "-d", out.toString()), src)).isEmpty();
        assertThat(run(List.of("-classpath", join(out.toString(), classPath), "consumer.Main"))).isEqualTo("ids=[42] ordinals=1 cells=0");
    }

    @Test
    void shouldHideTheEngineFromModules() throws Exception {
        Path src = tmp.resolve("src");
        write(src.resolve("module-info.java"), "module consumer { requires io.geomatch.core; }");
        write(src.resolve("consumer/Main.java"), """
            package consumer;

            import io.geomatch.core.internal.query.SealedIndex;

            public class Main {
                public static void main(String[] args) {
                    System.out.println(SealedIndex.class);
                }
            }
            """);
        String errors = compile(List.of("--module-path", join(coreClasses(), dependencies()), "-d", tmp.resolve("out").toString()), src);
        assertThat(errors).contains("package io.geomatch.core.internal.query is declared in module io.geomatch.core, which does not export it");
    }

    /** @return javac's diagnostics; empty when it succeeded */
    private static String compile(List<String> options, Path src) throws IOException, InterruptedException {
        JdkTools.Result result = JdkTools.javac(options, src);
        return result.exitStatus() == 0 ? "" : result.output();
    }

    /** @return the child's output; fails unless it exits 0 */
    private static String run(List<String> args) throws IOException, InterruptedException {
        JdkTools.Result result = JdkTools.java(args, null);
        assertThat(result.exitStatus()).as("exit status, output: %s", result.output()).isZero();
        return result.output();
    }

    /** @return the core's compiled main classes, where module-info.class is */
    private static String coreClasses() throws URISyntaxException {
        Path classes = Path.of(GeoIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes.resolve("module-info.class")).exists();
        return classes.toString();
    }

    /** @return the core's four dependencies, the jars this test runs with */
    private static String dependencies() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("jts-core-") || name.startsWith("h3-") || name.startsWith("agrona-") || name.startsWith("RoaringBitmap-")) {
                jars.add(entry);
            }
        }
        assertThat(jars).as("jts-core, h3, agrona and RoaringBitmap on the test class path").hasSize(4);
        return String.join(File.pathSeparator, jars);
    }

    private static String join(String... paths) {
        return String.join(File.pathSeparator, paths);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
