package io.geomatch.examples.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 2,000 most populous US places, shipped as a resource derived from GeoNames (CC BY 4.0; see
 * NOTICE). Loaded once; immutable.
 */
public final class UsPlaces {
    private static final String RESOURCE = "us-places.csv";

    /** A populated place. */
    public record Place(String name, String state, double latDegrees, double lonDegrees, long population) {
    }

    private static final class Holder {
        static final List<Place> PLACES = load();
    }

    private UsPlaces() {
    }

    /** @return the places, most populous first */
    public static List<Place> all() {
        return Holder.PLACES;
    }

    private static List<Place> load() {
        try (InputStream in = UsPlaces.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Place> places = new ArrayList<>();
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", -1);
                places.add(new Place(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4])));
            }
            return List.copyOf(places);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
