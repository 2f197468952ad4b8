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
 * memory beyond what the builder keeps; each row becomes a {@link io.geomatch.core.Camera} or a
 * footage interval. Areas are small: GeoJSON and WKT are parsed whole by the core's internal area
 * reader, the same one {@link io.geomatch.core.Area} uses, so the area rules (types, coordinate
 * ranges, JTS validity of each Polygon and MultiPolygon) apply to a file, to text and to geometry
 * given directly alike; this package adds reading files as strict UTF-8 with the line of a bad
 * byte.
 *
 * <p>Threading: a {@link io.geomatch.core.io.CsvReader} is single-use and not thread-safe; the
 * static entry points hold no state and may be called from any thread, but a builder they fill
 * must be used by one thread at a time.
 */
package io.geomatch.core.io;
