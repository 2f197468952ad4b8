/**
 * Streaming readers for geomatch's input formats: areas as GeoJSON or WKT
 * ({@link io.geomatch.core.io.GeoJsonReader}), cameras and footage as CSV
 * ({@link io.geomatch.core.io.CameraCsv}, {@link io.geomatch.core.io.FootageCsv}, on top of
 * {@link io.geomatch.core.io.CsvReader}), and instants ({@link io.geomatch.core.io.Instants});
 * {@link io.geomatch.core.io.StoreCsv} streams the same formats, plus an updates format of upserts
 * and deletes, into a {@link io.geomatch.core.GeoStore} in acknowledged batches.
 *
 * <p>Files are untrusted. Every reader is strict and never guesses: bad input raises
 * {@link io.geomatch.core.InvalidInputException} with a one-line message that names the source
 * (the path as the caller gave it), the 1-based line, the field, the offending value and what is
 * allowed, for example {@code cameras.csv line 17: lat 95.0 is out of range, allowed -90..90}.
 * Errors the {@link io.geomatch.core.GeoIndexBuilder} or the store raises for a row come back
 * located at that row's line.
 *
 * <p>Memory: CSV is read one line at a time, so files of tens of millions of rows load in constant
 * memory beyond what the builder keeps. Areas are small; GeoJSON is parsed whole by a package-private
 * strict RFC 8259 parser (core has no JSON library) that remembers the line of every value, limits
 * nesting to 64 levels, and then converted to JTS geometry built by one shared
 * {@code GeometryFactory} in (x = lon, y = lat) degrees. The area rules (types, coordinate ranges,
 * JTS validity of each Polygon and MultiPolygon) live in one place and apply to GeoJSON, WKT and
 * geometry given directly alike.
 *
 * <p>Threading: a {@link io.geomatch.core.io.CsvReader} is single-use and not thread-safe; the
 * static entry points hold no state and may be called from any thread, but a builder they fill
 * must be used by one thread at a time.
 */
package io.geomatch.core.io;
