package io.geomatch.examples.service.directory;

import org.locationtech.jts.geom.Geometry;

/**
 * A verified agency. Immutable; its jurisdiction geometry must not be modified.
 *
 * @param id its id
 * @param name display name
 * @param emailDomain official email domain
 * @param kind city or county
 * @param verifiedBy the partner that verified it
 * @param jurisdiction its area, a Polygon or MultiPolygon in (x = lon, y = lat) degrees
 * @param createdAtMillis when it was registered, epoch ms
 */
public record Agency(String id, String name, String emailDomain, String kind, String verifiedBy, Geometry jurisdiction,
                     long createdAtMillis) {
}
