package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.core.Area;
import io.geomatch.core.InvalidInputException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import java.io.IOException;
import java.util.Arrays;

/**
 * An area as it travels to the members: how it was defined (polygons as WKB, which keeps every
 * coordinate's exact double; a circle; or H3 cells), compiled into a geomatch {@link Area} where
 * it is used, once per copy. A compiled core area cannot travel, so this is what a query carries.
 * Immutable once built; {@link #compiled()} is thread-safe.
 */
public final class AreaDefinition implements IdentifiedDataSerializable {
    private static final byte POLYGONS = 1;
    private static final byte CIRCLE = 2;
    private static final byte CELLS = 3;

    private byte kind;
    private byte[] wkb;
    private double[] circle;
    private long[] cells;
    private transient volatile Area compiled;

    /** For deserialization only. */
    public AreaDefinition() {
    }

    private AreaDefinition(byte kind, byte[] wkb, double[] circle, long[] cells, Area compiled) {
        this.kind = kind;
        this.wkb = wkb;
        this.circle = circle;
        this.cells = cells;
        this.compiled = compiled;
    }

    /**
     * @param geometry polygons in (x = lon, y = lat) degrees, as {@link Area#polygon} takes them
     * @return the definition
     * @throws InvalidInputException if the geometry is not a valid area
     */
    public static AreaDefinition polygons(Geometry geometry) {
        Area area = Area.polygon(geometry);
        return new AreaDefinition(POLYGONS, new WKBWriter(2).write(geometry), null, null, area);
    }

    /**
     * @param latDegrees centre latitude
     * @param lonDegrees centre longitude
     * @param radiusMeters radius, metres
     * @return the definition
     * @throws InvalidInputException for a value out of range
     */
    public static AreaDefinition circle(double latDegrees, double lonDegrees, double radiusMeters) {
        Area area = Area.circle(latDegrees, lonDegrees, radiusMeters);
        return new AreaDefinition(CIRCLE, null, new double[] {latDegrees, lonDegrees, radiusMeters}, null, area);
    }

    /**
     * @param h3Cells H3 cells of any resolutions
     * @return the definition
     * @throws InvalidInputException if the set is empty or holds an invalid cell
     */
    public static AreaDefinition cells(long... h3Cells) {
        long[] copy = h3Cells.clone();
        return new AreaDefinition(CELLS, null, null, copy, Area.h3Cells(copy));
    }

    /** @return the area, compiled on first use */
    public Area compiled() {
        Area a = compiled;
        if (a == null) {
            a = compile();
            compiled = a;
        }
        return a;
    }

    private Area compile() {
        switch (kind) {
            case POLYGONS -> {
                try {
                    return Area.polygon(new WKBReader().read(wkb));
                } catch (ParseException e) {
                    throw new InvalidInputException("area", null, "did not arrive intact: " + e.getMessage());
                }
            }
            case CIRCLE -> {
                return Area.circle(circle[0], circle[1], circle[2]);
            }
            case CELLS -> {
                return Area.h3Cells(cells);
            }
            default -> throw new IllegalStateException("unknown area kind " + kind);
        }
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.AREA;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        switch (kind) {
            case POLYGONS -> out.writeByteArray(wkb);
            case CIRCLE -> out.writeDoubleArray(circle);
            case CELLS -> out.writeLongArray(cells);
            default -> throw new IllegalStateException("unknown area kind " + kind);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        switch (kind) {
            case POLYGONS -> wkb = in.readByteArray();
            case CIRCLE -> circle = in.readDoubleArray();
            case CELLS -> cells = in.readLongArray();
            default -> throw new IOException("unknown area kind " + kind);
        }
    }

    /** Equal when defined the same way with the same values: what a member's cache of compiled areas is keyed by. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AreaDefinition d && d.kind == kind && Arrays.equals(d.wkb, wkb) && Arrays.equals(d.circle, circle)
            && Arrays.equals(d.cells, cells);
    }

    @Override
    public int hashCode() {
        return kind * 31 * 31 * 31 + Arrays.hashCode(wkb) * 31 * 31 + Arrays.hashCode(circle) * 31 + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case POLYGONS -> "polygons (" + wkb.length + " bytes of WKB)";
            case CIRCLE -> "circle " + Arrays.toString(circle);
            case CELLS -> cells.length + " H3 cells";
            default -> "area of kind " + kind;
        };
    }
}
