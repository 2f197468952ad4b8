/**
 * Internal: what an area may be, and how one is read from GeoJSON or WKT text. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.area.Areas} is the package's one entry, used by
 * {@link io.geomatch.core.Area} and by the public readers in {@code io.geomatch.core.io} alike, so
 * that an area given as text, as a file or as JTS geometry obeys the same rules: its parts are
 * Polygons or MultiPolygons (possibly gathered in collections, which may overlap), none empty,
 * every coordinate in range, every part valid by JTS {@code IsValidOp} (a polygon whose rings
 * {@link io.geomatch.core.internal.area.SimplePolygons} proves simple and apart skips the
 * topology graph that check builds: the shape of nearly every request). GeoJSON is parsed whole
 * by a strict RFC 8259 parser that remembers the line of every value and limits nesting to 64
 * levels (core has no JSON library), then converted to JTS geometry in (x = lon, y = lat) degrees
 * by one shared {@code GeometryFactory}. Every refusal is an
 * {@link io.geomatch.core.InvalidInputException} of one line naming the field, the value, what is
 * allowed and, for GeoJSON, the line. Stateless and thread-safe.
 */
package io.geomatch.core.internal.area;
