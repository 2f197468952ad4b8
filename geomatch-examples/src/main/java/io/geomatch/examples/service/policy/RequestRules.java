package io.geomatch.examples.service.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The stateless rule set a community request must pass before it is sent to camera owners.
 *
 * <p><b>Order.</b> Violations are reported in this fixed order, and {@link #check} returns the
 * first of {@link #checkAll}:
 * <ol>
 *   <li>fields: {@code area} ({@value #AREA_REQUIRED}, {@value #AREA_TOO_COMPLEX}, {@value #AREA_INVALID}),
 *       {@code incidentType} ({@value #INCIDENT_TYPE_REQUIRED}, {@value #INCIDENT_TYPE_UNKNOWN}),
 *       {@code caseNumber} ({@value #CASE_NUMBER_REQUIRED}, {@value #CASE_NUMBER_TOO_LONG},
 *       {@value #CASE_NUMBER_INVALID}), {@code contact} ({@value #CONTACT_REQUIRED},
 *       {@value #CONTACT_TOO_LONG}, {@value #INVALID_CHARACTERS}), {@code description}
 *       ({@value #DESCRIPTION_REQUIRED}, {@value #DESCRIPTION_TOO_LONG}, {@value #INVALID_CHARACTERS});</li>
 *   <li>area size, geodesic ({@link GeodesicArea}): {@value #AREA_TOO_SMALL},
 *       {@value #AREA_TOO_LARGE}, then compactness: {@value #AREA_PART_TOO_SMALL} (a part of a
 *       MultiPolygon below {@link #MIN_AREA_SQUARE_MILES}), {@value #AREA_HOLE_TOO_SMALL} (a hole
 *       below {@link #MIN_HOLE_SQUARE_MILES}), {@value #AREA_NOT_COMPACT} (convex hull above
 *       {@link #MAX_AREA_SQUARE_MILES}, or the area filling less than {@link #MIN_HULL_FILL} of it),
 *       {@value #AREA_TOO_LONG} (extent above
 *       {@link #MAX_AREA_EXTENT_METERS}), {@value #AREA_TOO_THIN} (less than {@link #MIN_CORE_FRACTION}
 *       of it farther than {@link #CORE_MARGIN_METERS} from its boundary, or a point of it farther
 *       than {@link #MAX_ARM_METERS} from its body), {@value #AREA_NOT_COMPACT} (an isoperimetric quotient
 *       below {@link #MIN_ISOPERIMETRIC_QUOTIENT});</li>
 *   <li>jurisdiction: {@value #AREA_OUTSIDE_JURISDICTION};</li>
 *   <li>window: {@value #WINDOW_TOO_SHORT} or {@value #WINDOW_TOO_LONG}, then
 *       {@value #WINDOW_IN_FUTURE}, then {@value #WINDOW_BEYOND_RETENTION};</li>
 *   <li>moderation, in the order of {@link Moderation#checkAll}.</li>
 * </ol>
 * Area size and jurisdiction are skipped when the area is missing or invalid; moderation of the
 * description is skipped when it is missing.
 *
 * <p>All methods are pure functions of their arguments and safe from any thread.
 *
 * @see Moderation
 * @see GeodesicArea
 */
public final class RequestRules {

    /** Smallest allowed area, in square miles, inclusive. */
    public static final double MIN_AREA_SQUARE_MILES = 0.025;
    /** Largest allowed area, in square miles, inclusive. */
    public static final double MAX_AREA_SQUARE_MILES = 0.5;
    /** Shortest allowed window {@code toMillis - fromMillis}, inclusive: 15 minutes. */
    public static final long MIN_WINDOW_MILLIS = 15 * 60_000L;
    /** Longest allowed window {@code toMillis - fromMillis}, inclusive: 12 hours. */
    public static final long MAX_WINDOW_MILLIS = 12 * 3_600_000L;
    /** Longest allowed description, in Unicode code points. */
    public static final int MAX_DESCRIPTION_CODE_POINTS = 2000;
    /** Longest allowed case number, in characters (all allowed characters are ASCII). */
    public static final int MAX_CASE_NUMBER_CHARS = 64;
    /** Longest allowed contact, in Unicode code points. */
    public static final int MAX_CONTACT_CODE_POINTS = 200;
    /** Characters allowed in a case number besides ASCII letters and digits. */
    public static final String CASE_NUMBER_PUNCTUATION = "-/._# ";
    /** Largest accepted {@code maxRetentionDays}. */
    public static final int MAX_RETENTION_DAYS_LIMIT = 36_500;

    /** Code: the area is null or empty. */
    public static final String AREA_REQUIRED = "area-required";
    /** Code: the area is not a valid Polygon/MultiPolygon with coordinates in range. */
    public static final String AREA_INVALID = "area-invalid";
    /** Code: the incident type is null or blank. */
    public static final String INCIDENT_TYPE_REQUIRED = "incident-type-required";
    /** Code: the incident type is not one of {@link #incidentTypes()}. */
    public static final String INCIDENT_TYPE_UNKNOWN = "incident-type-unknown";
    /** Code: the case number is null or blank. */
    public static final String CASE_NUMBER_REQUIRED = "case-number-required";
    /** Code: the case number is longer than {@link #MAX_CASE_NUMBER_CHARS}. */
    public static final String CASE_NUMBER_TOO_LONG = "case-number-too-long";
    /** Code: the case number has a character outside the allowed set. */
    public static final String CASE_NUMBER_INVALID = "case-number-invalid";
    /** Code: the contact is null or blank. */
    public static final String CONTACT_REQUIRED = "contact-required";
    /** Code: the contact is longer than {@link #MAX_CONTACT_CODE_POINTS}. */
    public static final String CONTACT_TOO_LONG = "contact-too-long";
    /** Code: the description is null or blank. */
    public static final String DESCRIPTION_REQUIRED = "description-required";
    /** Code: the contact or the description holds a control or bidirectional formatting character (see {@link FreeText}). */
    public static final String INVALID_CHARACTERS = FreeText.INVALID_CHARACTERS;
    /** Code: the area has more than {@link #MAX_AREA_VERTICES} vertices. */
    public static final String AREA_TOO_COMPLEX = "area-too-complex";
    /** The most vertices an area may have, over all its rings. */
    public static final int MAX_AREA_VERTICES = 1_000;
    /** Code: the description is longer than {@link #MAX_DESCRIPTION_CODE_POINTS}. */
    public static final String DESCRIPTION_TOO_LONG = "description-too-long";
    /** Code: the area is below {@link #MIN_AREA_SQUARE_MILES}. */
    public static final String AREA_TOO_SMALL = "area-too-small";
    /** Code: the area is above {@link #MAX_AREA_SQUARE_MILES}. */
    public static final String AREA_TOO_LARGE = "area-too-large";
    /**
     * Code: a part (one polygon of a MultiPolygon, holes subtracted) is below
     * {@link #MIN_AREA_SQUARE_MILES}, so a one-house square cannot be padded by a filler elsewhere.
     */
    public static final String AREA_PART_TOO_SMALL = "area-part-too-small";
    /**
     * Code: the convex hull of the area (in lon/lat, the reading {@link GeodesicArea} uses) is above
     * {@link #MAX_AREA_SQUARE_MILES}, or the area covers less than {@link #MIN_HULL_FILL} of its
     * hull: parts scattered apart, a ring around a hole, a comb or a thin outline reach over a
     * region much larger than their own surface, which lets a request single out a few houses
     * along a line while its size looks ordinary.
     */
    public static final String AREA_NOT_COMPACT = "area-not-compact";
    /**
     * Code: a hole is below {@link #MIN_HOLE_SQUARE_MILES}: a pinhole around every house but one
     * would aim a compact-looking square at that one house.
     */
    public static final String AREA_HOLE_TOO_SMALL = "area-hole-too-small";
    /** Smallest allowed hole, in square miles, inclusive: 6,475 m², a square of about 80 m. */
    public static final double MIN_HOLE_SQUARE_MILES = 0.0025;
    /**
     * Least isoperimetric quotient {@code 4 pi A / P²} of an area (A its geodesic area, P the length
     * of all its rings, holes' too), inclusive: 1 for a disk, 0.785 for a square, 0.503 for a 4:1
     * rectangle, 0.436 for a plus of five squares. Slits cut in to leave houses out, thin walls
     * around them, combs and mazes all lengthen the perimeter far more than they change the area:
     * a slit to each of 200 houses in a square of 0.45 mi² brings it near 0.01.
     */
    public static final double MIN_ISOPERIMETRIC_QUOTIENT = 0.2;
    /**
     * Code: the area is thinner than {@link #CORE_MARGIN_METERS} twice over in too much of it: less
     * than {@link #MIN_CORE_FRACTION} of it lies farther than that from its boundary.
     */
    public static final String AREA_TOO_THIN = "area-too-thin";
    /** How far inside its boundary the core of an area lies, meters. */
    public static final double CORE_MARGIN_METERS = 25;
    /**
     * Least share of an area that must lie at least {@link #CORE_MARGIN_METERS} inside its boundary,
     * inclusive. A strip must be at least 100 m wide to keep half of itself, so it spans a row of
     * houses on either side of a street; a strip laid between two rows (73 m) with a spike to one
     * house reached that house alone. The smallest allowed square keeps 64%, a 4:1 rectangle of the
     * same size 55%.
     */
    public static final double MIN_CORE_FRACTION = 0.5;
    /**
     * Radius of the disks whose union inside an area is its body, meters: arms narrower than twice
     * this are not body, and each part's body must be one piece, so that disks fitted between houses
     * along an arm ("beads") do not count.
     */
    public static final double BODY_RADIUS_METERS = 40;
    /**
     * Farthest any point of an area may lie from its body (the union of the disks of radius
     * {@link #BODY_RADIUS_METERS} inside it), meters, inclusive. Arms and spikes narrower than 80 m
     * are not part of the body: a square over a park with a 700 m arm 73 m wide between two rows of
     * houses and a spike to one of them reached that house alone. A corner narrower than about 33
     * degrees is such a spike too; a right angle lies 17 m from the body.
     */
    public static final double MAX_ARM_METERS = 100;
    /**
     * Least share of its convex hull an area must cover (geodesic areas of both), inclusive. Every
     * convex area covers all of it; an L of three equal squares covers 3/4, a plus of five 5/9; a
     * square ring covers half its hull when its hole's side is {@code 1/sqrt(2)} of its own, so a
     * wall thinner than about 15% of the ring's side is refused.
     */
    public static final double MIN_HULL_FILL = 0.5;
    /** Code: two points of the area are farther apart than {@link #MAX_AREA_EXTENT_METERS}. */
    public static final String AREA_TOO_LONG = "area-too-long";
    /**
     * Largest allowed extent (greatest distance between two points of the area), in meters: the
     * diagonal of a 4:1 rectangle of {@link #MAX_AREA_SQUARE_MILES}. Its short side is
     * {@code sqrt(0.5 / 4)} mi = 568.98 m, its long side 2,275.9 m, its diagonal
     * {@code sqrt(17)} times the short side = 2,345.97 m, rounded up. A square of 0.5 mi² has a
     * diagonal of 1,609 m and a circle a diameter of 1,284 m, so every compact area passes; a strip
     * thinner than 1:4 does not.
     */
    public static final double MAX_AREA_EXTENT_METERS = 2_346.0;
    /** Code: the area is not covered by the agency's jurisdiction. */
    public static final String AREA_OUTSIDE_JURISDICTION = "area-outside-jurisdiction";
    /** Code: the window is shorter than {@link #MIN_WINDOW_MILLIS} (or reversed). */
    public static final String WINDOW_TOO_SHORT = "window-too-short";
    /** Code: the window is longer than {@link #MAX_WINDOW_MILLIS}. */
    public static final String WINDOW_TOO_LONG = "window-too-long";
    /** Code: the window ends after now. */
    public static final String WINDOW_IN_FUTURE = "window-in-future";
    /** Code: the window starts before the longest retention reaches back. */
    public static final String WINDOW_BEYOND_RETENTION = "window-beyond-retention";

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static final Set<String> INCIDENT_TYPES = Set.copyOf(List.of(
            "burglary", "theft", "vehicle-theft", "robbery", "assault", "homicide", "hit-and-run",
            "vandalism", "arson", "missing-person", "shooting", "fraud", "other"));

    private RequestRules() {
    }

    /**
     * Returns the accepted incident types: lower-case kebab-case ids, matched exactly.
     *
     * @return an unmodifiable set
     */
    public static Set<String> incidentTypes() {
        return INCIDENT_TYPES;
    }

    /**
     * Returns the first violation in the order documented on the class, or empty if the draft
     * passes every rule.
     *
     * @param draft the submitted request
     * @param jurisdiction the agency's jurisdiction: a valid, non-empty Polygon or MultiPolygon in
     *     lon/lat degrees, supplied by the service (not by the agency)
     * @param nowMillis the current time, epoch milliseconds
     * @param maxRetentionDays the longest retention plan offered to owners, in days, 1 to
     *     {@value #MAX_RETENTION_DAYS_LIMIT}
     * @return the first violation, or empty
     * @throws NullPointerException if {@code draft} or {@code jurisdiction} is null
     * @throws IllegalArgumentException if {@code jurisdiction} is empty or not polygonal, or
     *     {@code maxRetentionDays} is out of range
     */
    public static Optional<Violation> check(RequestDraft draft, Geometry jurisdiction, long nowMillis,
            int maxRetentionDays) {
        List<Violation> all = checkAll(draft, jurisdiction, nowMillis, maxRetentionDays);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Returns every violation, in the order documented on the class.
     *
     * @param draft the submitted request
     * @param jurisdiction the agency's jurisdiction: a valid, non-empty Polygon or MultiPolygon in
     *     lon/lat degrees, supplied by the service (not by the agency)
     * @param nowMillis the current time, epoch milliseconds
     * @param maxRetentionDays the longest retention plan offered to owners, in days, 1 to
     *     {@value #MAX_RETENTION_DAYS_LIMIT}
     * @return an unmodifiable list, empty if the draft passes
     * @throws NullPointerException if {@code draft} or {@code jurisdiction} is null
     * @throws IllegalArgumentException if {@code jurisdiction} is empty or not polygonal, or
     *     {@code maxRetentionDays} is out of range
     */
    public static List<Violation> checkAll(RequestDraft draft, Geometry jurisdiction, long nowMillis,
            int maxRetentionDays) {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        if (!isPolygonal(jurisdiction) || jurisdiction.isEmpty()) {
            throw new IllegalArgumentException("jurisdiction must be a non-empty Polygon or MultiPolygon, was "
                    + jurisdiction.getGeometryType() + (jurisdiction.isEmpty() ? " (empty)" : ""));
        }
        if (maxRetentionDays < 1 || maxRetentionDays > MAX_RETENTION_DAYS_LIMIT) {
            throw new IllegalArgumentException("maxRetentionDays=" + maxRetentionDays + "; allowed 1 to "
                    + MAX_RETENTION_DAYS_LIMIT);
        }
        List<Violation> out = new ArrayList<>();
        boolean areaUsable = checkAreaShape(draft.area(), out);
        checkIncidentType(draft.incidentType(), out);
        checkCaseNumber(draft.caseNumber(), out);
        checkContact(draft.contact(), out);
        checkDescription(draft.description(), out);
        if (areaUsable) {
            checkAreaSize(draft.area(), out);
            if (!jurisdiction.covers(draft.area())) {
                out.add(new Violation(AREA_OUTSIDE_JURISDICTION, "area",
                        "area is not entirely inside the agency's jurisdiction; only places the agency"
                                + " polices may be asked about"));
            }
        }
        checkWindow(draft.fromMillis(), draft.toMillis(), nowMillis, maxRetentionDays, out);
        if (!isBlank(draft.description())) {
            out.addAll(Moderation.checkAll(draft.incidentType(), draft.description()));
        }
        return List.copyOf(out);
    }

    private static boolean isPolygonal(Geometry g) {
        return g instanceof Polygon || g instanceof MultiPolygon;
    }

    private static boolean checkAreaShape(Geometry area, List<Violation> out) {
        if (area == null || area.isEmpty()) {
            out.add(new Violation(AREA_REQUIRED, "area", "area is missing; a Polygon or MultiPolygon is required"));
            return false;
        }
        if (area.getNumPoints() > MAX_AREA_VERTICES) {
            out.add(new Violation(AREA_TOO_COMPLEX, "area", "area has " + area.getNumPoints() + " vertices, allowed at most "
                    + MAX_AREA_VERTICES));
            return false;
        }
        if (!isPolygonal(area)) {
            out.add(new Violation(AREA_INVALID, "area", "area is a " + area.getGeometryType()
                    + "; only Polygon or MultiPolygon is allowed"));
            return false;
        }
        for (Coordinate c : area.getCoordinates()) {
            if (!(c.x >= -180.0 && c.x <= 180.0 && c.y >= -90.0 && c.y <= 90.0)) {
                out.add(new Violation(AREA_INVALID, "area", "area has vertex (" + c.x + ", " + c.y
                        + "); longitude must be in [-180, 180] and latitude in [-90, 90] degrees"));
                return false;
            }
        }
        TopologyValidationError error = new IsValidOp(area).getValidationError();
        if (error != null) {
            Coordinate c = error.getCoordinate();
            out.add(new Violation(AREA_INVALID, "area", "area is not a valid polygon: " + error.getMessage()
                    + (c == null ? "" : " at (" + c.x + ", " + c.y + ")")
                    + "; rings must be closed and must not cross themselves or each other"));
            return false;
        }
        return true;
    }

    private static void checkAreaSize(Geometry area, List<Violation> out) {
        double squareMiles = GeodesicArea.squareMiles(area);
        if (squareMiles < MIN_AREA_SQUARE_MILES) {
            out.add(new Violation(AREA_TOO_SMALL, "area", "area is " + formatMiles(squareMiles)
                    + " square miles; allowed " + MIN_AREA_SQUARE_MILES + " to " + MAX_AREA_SQUARE_MILES));
            return;
        } else if (squareMiles > MAX_AREA_SQUARE_MILES) {
            out.add(new Violation(AREA_TOO_LARGE, "area", "area is " + formatMiles(squareMiles)
                    + " square miles; allowed " + MIN_AREA_SQUARE_MILES + " to " + MAX_AREA_SQUARE_MILES));
            return;
        }
        checkAreaCompact(area, squareMiles, out);
    }

    private static void checkAreaCompact(Geometry area, double squareMiles, List<Violation> out) {
        if (area.getNumGeometries() > 1) {
            for (int i = 0; i < area.getNumGeometries(); i++) {
                double partMiles = GeodesicArea.squareMiles(area.getGeometryN(i));
                if (partMiles < MIN_AREA_SQUARE_MILES) {
                    out.add(new Violation(AREA_PART_TOO_SMALL, "area", "area part " + i + " is "
                            + formatMiles(partMiles) + " square miles; each part of a MultiPolygon must be at least "
                            + MIN_AREA_SQUARE_MILES));
                    return;
                }
            }
        }
        for (int i = 0; i < area.getNumGeometries(); i++) {
            Polygon part = (Polygon) area.getGeometryN(i);
            for (int h = 0; h < part.getNumInteriorRing(); h++) {
                double holeMiles = GeodesicArea.squareMiles(part.getFactory().createPolygon(part.getInteriorRingN(h)));
                if (holeMiles < MIN_HOLE_SQUARE_MILES) {
                    out.add(new Violation(AREA_HOLE_TOO_SMALL, "area", "area hole " + h + (area.getNumGeometries() > 1 ? " of part " + i : "")
                            + " is " + formatMiles(holeMiles) + " square miles; each hole must be at least " + MIN_HOLE_SQUARE_MILES));
                    return;
                }
            }
        }
        Geometry hull = area.convexHull();
        double hullMiles = isPolygonal(hull) ? GeodesicArea.squareMiles(hull) : 0.0;
        if (hullMiles > MAX_AREA_SQUARE_MILES) {
            out.add(new Violation(AREA_NOT_COMPACT, "area", "area's convex hull is " + formatMiles(hullMiles)
                    + " square miles; allowed at most " + MAX_AREA_SQUARE_MILES
                    + " (the area must be compact: no parts spread apart, no ring around a large hole)"));
            return;
        }
        double fill = hullMiles > 0 ? squareMiles / hullMiles : 1.0;
        if (fill < MIN_HULL_FILL) {
            out.add(new Violation(AREA_NOT_COMPACT, "area", "area covers " + String.format(Locale.ROOT, "%.3f", fill)
                    + " of its convex hull; allowed at least " + MIN_HULL_FILL
                    + " (the area must be compact: no thin ring, comb or outline around what it leaves out)"));
            return;
        }
        double extentMeters = extentMeters(hull.getCoordinates());
        if (extentMeters > MAX_AREA_EXTENT_METERS) {
            out.add(new Violation(AREA_TOO_LONG, "area", "area extends " + String.format(Locale.ROOT, "%.1f", extentMeters)
                    + " m between its farthest points; allowed at most " + MAX_AREA_EXTENT_METERS
                    + " m (the diagonal of a 4:1 rectangle of " + MAX_AREA_SQUARE_MILES + " square miles)"));
            return;
        }
        Geometry local = toLocalMeters(area);
        Geometry core = local.buffer(-CORE_MARGIN_METERS);
        double coreFraction = local.getArea() > 0 ? core.getArea() / local.getArea() : 0;
        if (coreFraction < MIN_CORE_FRACTION) {
            out.add(new Violation(AREA_TOO_THIN, "area", "only " + String.format(Locale.ROOT, "%.3f", coreFraction)
                    + " of the area lies more than " + CORE_MARGIN_METERS + " m inside its boundary; allowed at least " + MIN_CORE_FRACTION
                    + " (the area must be at least 100 m wide in most of it: no strips between rows of houses, spikes or thin arms)"));
            return;
        }
        Geometry bodyCentres = local.buffer(-BODY_RADIUS_METERS);
        if (bodyCentres.getNumGeometries() > area.getNumGeometries()) {
            out.add(new Violation(AREA_TOO_THIN, "area", "the area's body (where a disk of " + BODY_RADIUS_METERS + " m radius fits)"
                    + " falls into " + bodyCentres.getNumGeometries() + " pieces for " + area.getNumGeometries()
                    + " part(s); allowed one piece per part (no chains of blobs joined by strips narrower than 80 m)"));
            return;
        }
        Geometry body = bodyCentres.buffer(BODY_RADIUS_METERS);
        double armMeters = body.isEmpty() ? Double.POSITIVE_INFINITY : DiscreteHausdorffDistance.distance(local, body, 0.05);
        if (armMeters > MAX_ARM_METERS) {
            out.add(new Violation(AREA_TOO_THIN, "area", "a part of the area reaches " + String.format(Locale.ROOT, "%.0f", armMeters)
                    + " m beyond its body (where a disk of " + BODY_RADIUS_METERS + " m radius fits); allowed at most " + MAX_ARM_METERS
                    + " m (no arms or spikes narrower than 80 m)"));
            return;
        }
        double perimeterMeters = 0;
        for (int i = 0; i < area.getNumGeometries(); i++) {
            Polygon part = (Polygon) area.getGeometryN(i);
            perimeterMeters += ringMeters(part.getExteriorRing().getCoordinates());
            for (int h = 0; h < part.getNumInteriorRing(); h++) {
                perimeterMeters += ringMeters(part.getInteriorRingN(h).getCoordinates());
            }
        }
        double squareMeters = squareMiles * GeodesicArea.SQUARE_METERS_PER_SQUARE_MILE;
        double quotient = 4 * Math.PI * squareMeters / (perimeterMeters * perimeterMeters);
        if (quotient < MIN_ISOPERIMETRIC_QUOTIENT) {
            out.add(new Violation(AREA_NOT_COMPACT, "area", "area's isoperimetric quotient (4 pi area / perimeter^2) is "
                    + String.format(Locale.ROOT, "%.3f", quotient) + " (perimeter " + String.format(Locale.ROOT, "%.0f", perimeterMeters)
                    + " m); allowed at least " + MIN_ISOPERIMETRIC_QUOTIENT
                    + " (the area must be compact: no slits, thin walls, combs or mazes around what it leaves out)"));
        }
    }

    /**
     * Greatest distance in meters between two of the given lon/lat points (the vertices of the
     * convex hull, where the farthest pair of any area lies). Each pair is measured on the WGS84
     * ellipsoid with the radii of curvature at the mid latitude, which at the 2.3 km bound is within
     * 10⁻⁶ relative of the geodesic distance.
     */
    static double extentMeters(Coordinate[] points) {
        double best = 0.0;
        for (int i = 0; i < points.length; i++) {
            for (int j = i + 1; j < points.length; j++) {
                best = Math.max(best, distanceMeters(points[i], points[j]));
            }
        }
        return best;
    }

    /**
     * The area in a local frame in meters (longitude scaled by the cosine of the area's middle
     * latitude), where its core and body are taken by buffers.
     */
    private static Geometry toLocalMeters(Geometry area) {
        org.locationtech.jts.geom.Envelope box = area.getEnvelopeInternal();
        double metersPerDegree = GeodesicArea.AUTHALIC_RADIUS_METERS * Math.PI / 180;
        double midLat = 0.5 * (box.getMinY() + box.getMaxY());
        AffineTransformation toMeters = AffineTransformation.translationInstance(-box.getMinX(), -midLat)
                .scale(metersPerDegree * Math.cos(Math.toRadians(midLat)), metersPerDegree);
        return toMeters.transform(area);
    }

    /** Length in meters of a closed ring of lon/lat points, each segment measured as {@link #extentMeters} does. */
    private static double ringMeters(Coordinate[] ring) {
        double meters = 0;
        for (int i = 1; i < ring.length; i++) {
            meters += distanceMeters(ring[i - 1], ring[i]);
        }
        return meters;
    }

    private static double distanceMeters(Coordinate a, Coordinate b) {
        double f = 1.0 / GeodesicArea.WGS84_INVERSE_FLATTENING;
        double e2 = f * (2.0 - f);
        double midLat = Math.toRadians(0.5 * (a.y + b.y));
        double s = Math.sin(midLat);
        double w = 1.0 - e2 * s * s;
        double primeVertical = GeodesicArea.WGS84_SEMI_MAJOR_AXIS_METERS / Math.sqrt(w);
        double meridional = GeodesicArea.WGS84_SEMI_MAJOR_AXIS_METERS * (1.0 - e2) / (w * Math.sqrt(w));
        double north = Math.toRadians(b.y - a.y) * meridional;
        double east = Math.toRadians(b.x - a.x) * primeVertical * Math.cos(midLat);
        return Math.hypot(north, east);
    }

    private static String formatMiles(double squareMiles) {
        return String.format(Locale.ROOT, "%.6f", squareMiles);
    }

    private static void checkIncidentType(String incidentType, List<Violation> out) {
        if (isBlank(incidentType)) {
            out.add(new Violation(INCIDENT_TYPE_REQUIRED, "incidentType",
                    "incidentType is missing; one of " + new TreeSet<>(INCIDENT_TYPES) + " is required"));
        } else if (!INCIDENT_TYPES.contains(incidentType)) {
            out.add(new Violation(INCIDENT_TYPE_UNKNOWN, "incidentType", "incidentType \"" + incidentType
                    + "\" is not allowed; allowed " + new TreeSet<>(INCIDENT_TYPES)));
        }
    }

    private static void checkCaseNumber(String caseNumber, List<Violation> out) {
        if (isBlank(caseNumber)) {
            out.add(new Violation(CASE_NUMBER_REQUIRED, "caseNumber", "caseNumber is missing; the agency's"
                    + " case number is required"));
            return;
        }
        if (caseNumber.length() > MAX_CASE_NUMBER_CHARS) {
            out.add(new Violation(CASE_NUMBER_TOO_LONG, "caseNumber", "caseNumber is " + caseNumber.length()
                    + " characters long; allowed at most " + MAX_CASE_NUMBER_CHARS));
        }
        for (int i = 0; i < caseNumber.length(); ) {
            int cp = caseNumber.codePointAt(i);
            boolean ok = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')
                    || (cp < 128 && CASE_NUMBER_PUNCTUATION.indexOf(cp) >= 0);
            if (!ok) {
                out.add(new Violation(CASE_NUMBER_INVALID, "caseNumber", String.format(Locale.ROOT,
                        "caseNumber has U+%04X at index %d; allowed ASCII letters, digits, space and - / . _ #",
                        cp, i)));
                return;
            }
            i += Character.charCount(cp);
        }
    }

    private static void checkContact(String contact, List<Violation> out) {
        if (isBlank(contact)) {
            out.add(new Violation(CONTACT_REQUIRED, "contact", "contact is missing; a way to reach the"
                    + " investigating officer is required"));
            return;
        }
        int n = contact.codePointCount(0, contact.length());
        if (n > MAX_CONTACT_CODE_POINTS) {
            out.add(new Violation(CONTACT_TOO_LONG, "contact", "contact is " + n
                    + " characters long; allowed at most " + MAX_CONTACT_CODE_POINTS));
        }
        Violation characters = FreeText.check("contact", contact, false);
        if (characters != null) {
            out.add(characters);
        }
    }

    private static void checkDescription(String description, List<Violation> out) {
        if (isBlank(description)) {
            out.add(new Violation(DESCRIPTION_REQUIRED, "description", "description is missing; a"
                    + " description of the incident is required"));
            return;
        }
        int n = description.codePointCount(0, description.length());
        if (n > MAX_DESCRIPTION_CODE_POINTS) {
            out.add(new Violation(DESCRIPTION_TOO_LONG, "description", "description is " + n
                    + " characters long; allowed at most " + MAX_DESCRIPTION_CODE_POINTS));
        }
        Violation characters = FreeText.check("description", description, true);
        if (characters != null) {
            out.add(characters);
        }
    }

    private static void checkWindow(long from, long to, long now, int maxRetentionDays, List<Violation> out) {
        // to - from read as unsigned cannot overflow once to >= from.
        if (to < from || Long.compareUnsigned(to - from, MIN_WINDOW_MILLIS) < 0) {
            out.add(new Violation(WINDOW_TOO_SHORT, "to", "window [from, to) is "
                    + (to < from ? "reversed (to=" + to + " < from=" + from + ")" : (to - from) + " ms long")
                    + "; allowed " + MIN_WINDOW_MILLIS + " ms (15 min) to " + MAX_WINDOW_MILLIS + " ms (12 h)"));
        } else if (Long.compareUnsigned(to - from, MAX_WINDOW_MILLIS) > 0) {
            out.add(new Violation(WINDOW_TOO_LONG, "to", "window [from, to) is "
                    + Long.toUnsignedString(to - from) + " ms long; allowed " + MIN_WINDOW_MILLIS
                    + " ms (15 min) to " + MAX_WINDOW_MILLIS + " ms (12 h)"));
        }
        if (to > now) {
            out.add(new Violation(WINDOW_IN_FUTURE, "to", "to=" + to + " is after now=" + now
                    + "; the window must have ended (to <= now)"));
        }
        long earliest;
        try {
            earliest = Math.subtractExact(now, maxRetentionDays * MILLIS_PER_DAY);
        } catch (ArithmeticException e) {
            earliest = Long.MIN_VALUE;
        }
        if (from < earliest) {
            out.add(new Violation(WINDOW_BEYOND_RETENTION, "from", "from=" + from + " is before "
                    + earliest + " (now - " + maxRetentionDays + " days); footage older than the longest"
                    + " retention no longer exists"));
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
