package io.geomatch.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every US populated place with a population above zero (16,663 of them), shipped as the resource
 * {@code io/geomatch/world/us-places.csv}, derived from GeoNames (CC BY 4.0; see NOTICE).
 *
 * <p>The resource has a {@code #} attribution line, then the header
 * {@code name,state,lat,lon,population}, then one place per line, most populous first (ties in
 * GeoNames id order). Names are double-quoted, with {@code ""} for a quote inside, because some
 * contain commas ({@code "Washington, D.C."}).
 *
 * <p>Loaded once, on first use, into an immutable list; safe to share between threads.
 */
public final class UsPlaces {
    private static final String RESOURCE = "us-places.csv";
    private static final String HEADER = "name,state,lat,lon,population";

    /**
     * A populated place.
     *
     * @param name the place's name, for example {@code New York City}
     * @param state the two-letter US state (or {@code DC}) it lies in
     * @param latDegrees WGS84 latitude of its centre, degrees, -90..90
     * @param lonDegrees WGS84 longitude of its centre, degrees, -180..180
     * @param population its population, at least 1
     */
    public record Place(String name, String state, double latDegrees, double lonDegrees, long population) {
    }

    private static final class Holder {
        static final List<Place> PLACES = load();
    }

    private UsPlaces() {
    }

    /**
     * Returns every place, loading the resource on the first call.
     *
     * @return the places, immutable, most populous first
     * @throws IllegalStateException if the resource is missing from the class path or malformed
     */
    public static List<Place> all() {
        return Holder.PLACES;
    }

    private static List<Place> load() {
        try (InputStream in = UsPlaces.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource io/geomatch/world/" + RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Place> places = new ArrayList<>(16_700);
            String line;
            int lineNumber = 0;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    if (!line.equals(HEADER)) {
                        throw malformed(lineNumber, "expected the header " + HEADER);
                    }
                    header = false;
                    continue;
                }
                places.add(parse(line, lineNumber));
            }
            if (places.isEmpty()) {
                throw malformed(lineNumber, "no places");
            }
            return List.copyOf(places);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code "name",state,lat,lon,population}: a quoted first field, four plain ones. */
    private static Place parse(String line, int lineNumber) {
        if (line.isEmpty() || line.charAt(0) != '"') {
            throw malformed(lineNumber, "the name must be double-quoted");
        }
        StringBuilder name = new StringBuilder();
        int i = 1;
        while (true) {
            if (i >= line.length()) {
                throw malformed(lineNumber, "unterminated quoted name");
            }
            char c = line.charAt(i++);
            if (c != '"') {
                name.append(c);
            } else if (i < line.length() && line.charAt(i) == '"') {
                name.append('"');
                i++;
            } else {
                break;
            }
        }
        if (i >= line.length() || line.charAt(i) != ',') {
            throw malformed(lineNumber, "expected a comma after the quoted name");
        }
        String[] rest = line.substring(i + 1).split(",", -1);
        if (rest.length != 4) {
            throw malformed(lineNumber, "expected 5 fields");
        }
        try {
            double lat = Double.parseDouble(rest[1]);
            double lon = Double.parseDouble(rest[2]);
            long population = Long.parseLong(rest[3]);
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) || population < 1) {
                throw malformed(lineNumber, "lat, lon or population out of range");
            }
            return new Place(name.toString(), rest[0], lat, lon, population);
        } catch (NumberFormatException e) {
            throw malformed(lineNumber, e.getMessage());
        }
    }

    private static IllegalStateException malformed(int lineNumber, String what) {
        return new IllegalStateException("resource io/geomatch/world/" + RESOURCE + " line " + lineNumber + " is malformed: " + what);
    }
}
