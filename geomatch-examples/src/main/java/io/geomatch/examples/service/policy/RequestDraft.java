package io.geomatch.examples.service.policy;

import org.locationtech.jts.geom.Geometry;

/**
 * A community request as submitted by an agency, before any rule is applied; every component may
 * be null or out of range, which is what {@link RequestRules} reports.
 *
 * @param area the area to ask about: a Polygon or MultiPolygon, {@code x} = longitude and
 *     {@code y} = latitude in degrees
 * @param fromMillis start of the footage window, inclusive, in epoch milliseconds
 * @param toMillis end of the footage window, exclusive, in epoch milliseconds
 * @param incidentType one of {@link RequestRules#incidentTypes()}
 * @param caseNumber the agency's case number
 * @param contact how owners reach the investigating officer
 * @param description free text shown to owners
 */
public record RequestDraft(Geometry area, long fromMillis, long toMillis, String incidentType,
        String caseNumber, String contact, String description) {
}
