/**
 * geomatch-core: exact, embeddable matching of camera locations against an area and a timeframe.
 *
 * <p>The module exports its API only: {@code io.geomatch.core} (the index, the live index, the
 * store, areas, cameras, mutations, results, options and the two exceptions) and
 * {@code io.geomatch.core.io} (the CSV and GeoJSON readers). The engine under
 * {@code io.geomatch.core.internal} is not exported. JTS and RoaringBitmap types appear in the API
 * ({@code Area.polygon(Geometry)}, {@code Matches.addOrdinalsTo(RoaringBitmap)}), so a module that
 * requires this one reads them too.
 */
module io.geomatch.core {
    requires transitive org.locationtech.jts;
    requires transitive roaringbitmap;
    requires h3;
    requires org.agrona.core;
    // The per-camera loops read off-heap columns through Agrona's UnsafeAccess.UNSAFE (sun.misc.Unsafe).
    requires jdk.unsupported;

    exports io.geomatch.core;
    exports io.geomatch.core.io;
}
