/**
 * Areas as the service reads, stores and publishes them: GeoJSON Polygon and MultiPolygon
 * (RFC 7946, {@code [lon, lat]} degrees) turned into JTS geometry once, where a request body is
 * read, and written back exactly ({@link io.geomatch.examples.service.geo.GeoJson}). The same
 * conversion is a Jackson module, so journal records carry JTS geometry and Jackson maps it both
 * ways; nothing goes back to text to be parsed again. Structure is checked here (types, closed
 * rings, finite positions, a vertex budget); validity, range and size are rules of
 * {@code service.policy}. Stateless; any thread.
 */
package io.geomatch.examples.service.geo;
