package io.geomatch.examples.cli;

import io.geomatch.cluster.ClusterArea;
import io.geomatch.cluster.ClusterIndex;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoStore;
import io.geomatch.core.LiveView;
import io.geomatch.core.MatchMode;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.Matches;
import io.geomatch.core.io.GeoJsonReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code geomatch query}: prints the cameras an area and timeframe match, ascending, or their count, from a snapshot, a store or a cluster. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Print the ids of eligible cameras inside the area with retained footage in [from, to), ascending.")
final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one index to ask. */
    static final class Source {
        @Option(names = "--index", paramLabel = "FILE", description = "Snapshot written by 'index'.")
        Path index;

        @Option(names = "--store", paramLabel = "DIR", description = "Store written by 'store init' and 'store load'.")
        Path store;

        @Option(names = "--cluster", paramLabel = "HOST:PORT[,HOST:PORT...]", split = ",",
            description = "Members of a cluster started with 'cluster node'; exit 3 if it cannot answer now.")
        List<String> cluster;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    AreaOptions area;

    @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Window start, inclusive: ISO-8601 or epoch ms.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "Window end, exclusive: ISO-8601 or epoch ms.")
    String to;

    @Option(names = "--now", paramLabel = "INSTANT",
        description = "Time at which retention is judged (default: the current time, or a store's clock if that is later).")
    String now;

    @Option(names = "--count", description = "Print only the number of matching cameras.")
    boolean count;

    @Option(names = "--view", description = "Match cameras by what they see: one with a view (heading_deg, fov_deg, range_m)"
        + " matches when its sector meets the area; one without, by where it stands. Polygon areas only.")
    boolean view;

    /** Exactly one way to give the area. */
    static final class AreaOptions {
        @Option(names = "--area", paramLabel = "FILE", description = "GeoJSON Polygon/MultiPolygon/Feature/FeatureCollection file.")
        Path geoJson;

        @Option(names = "--wkt", paramLabel = "WKT", description = "POLYGON or MULTIPOLYGON in (lon lat) order.")
        String wkt;

        @Option(names = "--circle", paramLabel = "LAT,LON,METERS", description = "Circle centre and radius in metres.")
        String circle;

        @Option(names = "--cells", paramLabel = "HEX[,HEX...]", split = ",", description = "H3 cells as hex strings, any resolutions.")
        String[] cells;
    }

    @Override
    public Integer call() throws Exception {
        long fromMillis = Options.instant("--from", from);
        long toMillis = Options.instant("--to", to);
        long nowMillis = now == null ? System.currentTimeMillis() : Options.instant("--now", now);
        boolean defaultNow = now == null;
        if (fromMillis >= toMillis) {
            throw new InvalidInputException("--to", to, "must be after --from " + from);
        }
        MatchMode mode = view ? MatchMode.VIEW : MatchMode.POSITION;
        if (source.cluster != null) {
            List<String> members = ClusterCommand.addresses("--cluster", source.cluster);
            ClusterArea area = clusterArea();
            long[] ids;
            try (ClusterIndex cluster = ClusterCommand.connect(members)) {
                ids = cluster.match(area, fromMillis, toMillis, nowMillis, mode);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (count) {
                out.println(ids.length);
            } else {
                print(out, ids);
            }
            out.flush();
            return 0;
        }
        Area compiled = compileArea();
        Matches matches = count ? Matches.countOnly() : new Matches();
        if (source.index != null) {
            if (java.nio.file.Files.exists(source.index) && !java.nio.file.Files.isRegularFile(source.index)) {
                // A directory fails on read, and a FIFO would block the read until someone writes to it.
                throw new InvalidInputException("--index", source.index, "is not a regular file");
            }
            GeoIndex idx = GeoIndex.open(source.index);
            // A corrupt file is refused whole, as the CLI promises, not only the blocks this query would read.
            idx.verify();
            idx.match(compiled, fromMillis, toMillis, nowMillis, mode, matches);
        } else {
            // Reads the durable state (checkpoint plus log) without changing the store, even while a load runs.
            LiveView state = GeoStore.read(source.store);
            state.match(compiled, fromMillis, toMillis, defaultNow ? Math.max(nowMillis, state.clockMillis()) : nowMillis, mode, matches);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (count) {
            out.println(matches.count());
        } else {
            print(out, matches.ids());
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, long[] ids) {
        StringBuilder line = new StringBuilder(24);
        for (long id : ids) {
            line.setLength(0);
            out.append(line.append(id).append('\n'));
        }
    }

    private Area compileArea() {
        if (area.geoJson != null || area.wkt != null) {
            return Area.polygon(polygons());
        }
        if (area.circle != null) {
            double[] c = circle();
            return Area.circle(c[0], c[1], c[2]);
        }
        return Area.h3Cells(cells());
    }

    /** The same area as {@link #compileArea()}, in the form a cluster query carries to its members. */
    private ClusterArea clusterArea() {
        if (area.geoJson != null || area.wkt != null) {
            return ClusterArea.polygon(polygons());
        }
        if (area.circle != null) {
            double[] c = circle();
            return ClusterArea.circle(c[0], c[1], c[2]);
        }
        return ClusterArea.h3Cells(cells());
    }

    private org.locationtech.jts.geom.Geometry polygons() {
        if (area.geoJson != null) {
            return GeoJsonReader.read(Options.existingFile("--area", area.geoJson));
        }
        return GeoJsonReader.readWkt(area.wkt);
    }

    private double[] circle() {
        String[] parts = area.circle.split(",", -1);
        if (parts.length != 3) {
            throw new InvalidInputException("--circle", area.circle, "must be LAT,LON,METERS, e.g. 41.88,-87.63,500");
        }
        return new double[] {Options.number("--circle latitude", parts[0]), Options.number("--circle longitude", parts[1]),
            Options.number("--circle radius", parts[2])};
    }

    private long[] cells() {
        long[] cells = new long[area.cells.length];
        for (int i = 0; i < cells.length; i++) {
            String hex = area.cells[i].trim();
            try {
                cells[i] = Long.parseUnsignedLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--cells", hex, "is not an H3 cell in hexadecimal, e.g. 8928308280fffff");
            }
        }
        return cells;
    }
}
