package io.geomatch.examples.service.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class RequestRulesTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final int RETENTION_DAYS = 180;
    private static final double LON = -87.65;
    private static final double LAT = 41.9;
    /** A 20 km square around the test area. */
    private static final Polygon JURISDICTION = Shapes.GF.createPolygon(Shapes.squareRing(LON, LAT, 20_000));
    private static final String DESCRIPTION = "Package stolen from a porch; the suspect wore a green jacket"
            + " and left in a grey sedan.";

    private static RequestDraft draft(Geometry area, long from, long to) {
        return new RequestDraft(area, from, to, "theft", "2024-0042/B", "Det. Lee, 555-0100", DESCRIPTION);
    }

    private static RequestDraft valid() {
        return draft(Shapes.squareOfSquareMiles(LON, LAT, 0.25), NOW - 2 * HOUR, NOW - HOUR);
    }

    private static List<String> codes(RequestDraft d) {
        return RequestRules.checkAll(d, JURISDICTION, NOW, RETENTION_DAYS).stream().map(Violation::code).toList();
    }

    private static RequestDraft withText(String incidentType, String caseNumber, String contact, String description) {
        RequestDraft v = valid();
        return new RequestDraft(v.area(), v.fromMillis(), v.toMillis(), incidentType, caseNumber, contact, description);
    }

    @Test
    void shouldAcceptValidDraft() {
        assertThat(RequestRules.check(valid(), JURISDICTION, NOW, RETENTION_DAYS)).isEmpty();
    }

    @Test
    void shouldAcceptWindowOfExactlyFifteenMinutesAndRefuseOneMillisecondLess() {
        assertThat(codes(draft(valid().area(), NOW - 15 * MINUTE, NOW))).isEmpty();
        assertThat(RequestRules.check(draft(valid().area(), NOW - 15 * MINUTE + 1, NOW), JURISDICTION, NOW,
                RETENTION_DAYS)).get().extracting(Violation::code, Violation::field)
                .containsExactly("window-too-short", "to");
    }

    @Test
    void shouldAcceptWindowOfExactlyTwelveHoursAndRefuseOneMillisecondMore() {
        assertThat(codes(draft(valid().area(), NOW - 12 * HOUR, NOW))).isEmpty();
        assertThat(codes(draft(valid().area(), NOW - 12 * HOUR - 1, NOW))).containsExactly("window-too-long");
    }

    @Test
    void shouldRefuseReversedWindow() {
        Violation v = RequestRules.check(draft(valid().area(), NOW - HOUR, NOW - 2 * HOUR), JURISDICTION, NOW,
                RETENTION_DAYS).orElseThrow();

        assertThat(v.code()).isEqualTo("window-too-short");
        assertThat(v.message()).contains("reversed");
    }

    @Test
    void shouldAcceptWindowEndingNowAndRefuseOneMillisecondLater() {
        assertThat(codes(draft(valid().area(), NOW - HOUR, NOW))).isEmpty();
        assertThat(codes(draft(valid().area(), NOW - HOUR + 1, NOW + 1))).containsExactly("window-in-future");
    }

    @Test
    void shouldAcceptStartAtRetentionLimitAndRefuseOneMillisecondEarlier() {
        long limit = NOW - RETENTION_DAYS * DAY;
        assertThat(codes(draft(valid().area(), limit, limit + HOUR))).isEmpty();
        Violation v = RequestRules.check(draft(valid().area(), limit - 1, limit + HOUR), JURISDICTION, NOW,
                RETENTION_DAYS).orElseThrow();
        assertThat(v.code()).isEqualTo("window-beyond-retention");
        assertThat(v.field()).isEqualTo("from");
        assertThat(v.message()).contains(Long.toString(limit - 1)).contains("180 days");
    }

    @Test
    void shouldNotOverflowOnExtremeTimes() {
        assertThat(codes(draft(valid().area(), Long.MIN_VALUE, Long.MAX_VALUE)))
                .containsExactly("window-too-long", "window-in-future", "window-beyond-retention");
    }

    @Test
    void shouldApplyAreaLimitsJustInsideAndOutside() {
        double eps = 1e-4;
        assertThat(codes(draft(Shapes.squareOfSquareMiles(LON, LAT, 0.5 * (1 - eps)), NOW - HOUR, NOW))).isEmpty();
        assertThat(codes(draft(Shapes.squareOfSquareMiles(LON, LAT, 0.5 * (1 + eps)), NOW - HOUR, NOW)))
                .containsExactly("area-too-large");
        assertThat(codes(draft(Shapes.squareOfSquareMiles(LON, LAT, 0.025 * (1 + eps)), NOW - HOUR, NOW))).isEmpty();
        assertThat(codes(draft(Shapes.squareOfSquareMiles(LON, LAT, 0.025 * (1 - eps)), NOW - HOUR, NOW)))
                .containsExactly("area-too-small");
    }

    @Test
    void shouldNameAreaAndLimitsInMessage() {
        Violation v = RequestRules.check(draft(Shapes.squareOfSquareMiles(LON, LAT, 0.8), NOW - HOUR, NOW),
                JURISDICTION, NOW, RETENTION_DAYS).orElseThrow();

        assertThat(v.field()).isEqualTo("area");
        assertThat(v.message()).contains("0.80").contains("0.025").contains("0.5");
    }

    @Test
    void shouldRefuseAreaPartlyOutsideJurisdiction() {
        // Centred on the jurisdiction's east edge: half inside, half outside.
        double east = JURISDICTION.getEnvelopeInternal().getMaxX();
        Polygon straddling = Shapes.squareOfSquareMiles(east, LAT, 0.25);

        assertThat(codes(draft(straddling, NOW - HOUR, NOW))).containsExactly("area-outside-jurisdiction");
    }

    @Test
    void shouldAcceptAreaTouchingJurisdictionBoundaryFromInside() {
        Coordinate[] j = JURISDICTION.getExteriorRing().getCoordinates();
        double maxX = j[1].x;
        double minY = j[0].y;
        Polygon inCorner = Shapes.GF.createPolygon(Shapes.box(maxX - 0.01, minY, maxX, minY + 0.005));

        assertThat(codes(draft(inCorner, NOW - HOUR, NOW))).isEmpty();
    }

    @Test
    void shouldRequireArea() {
        assertThat(codes(draft(null, NOW - HOUR, NOW))).containsExactly("area-required");
        assertThat(codes(draft(Shapes.GF.createPolygon(), NOW - HOUR, NOW))).containsExactly("area-required");
    }

    @Test
    void shouldRefuseInvalidArea() {
        Polygon bowTie = Shapes.GF.createPolygon(new Coordinate[] {
            new Coordinate(LON, LAT), new Coordinate(LON + 0.01, LAT + 0.005), new Coordinate(LON + 0.01, LAT),
            new Coordinate(LON, LAT + 0.005), new Coordinate(LON, LAT)});
        Geometry line = Shapes.GF.createLineString(new Coordinate[] {new Coordinate(LON, LAT), new Coordinate(LON, LAT + 1)});
        Polygon offEarth = Shapes.GF.createPolygon(Shapes.box(LON, 90.0, LON + 0.01, 90.01));

        for (Geometry g : List.of(bowTie, line, offEarth)) {
            assertThat(RequestRules.check(draft(g, NOW - HOUR, NOW), JURISDICTION, NOW, RETENTION_DAYS))
                    .as(g.toText()).get().extracting(Violation::code, Violation::field)
                    .containsExactly("area-invalid", "area");
        }
    }

    @Test
    void shouldAcceptDescriptionOfExactly2000CodePointsWithAstralCharacters() {
        String base = "Bike stolen; thief wore a red cap. ";
        String emoji = "\uD83D\uDEB2"; // U+1F6B2 bicycle, two UTF-16 chars
        String exact = base + emoji.repeat(2000 - base.length());
        assertThat(exact.codePointCount(0, exact.length())).isEqualTo(2000);
        assertThat(exact.length()).isGreaterThan(2000);

        assertThat(codes(withText("theft", "A-1", "x@example.org", exact))).isEmpty();
        assertThat(codes(withText("theft", "A-1", "x@example.org", exact + emoji)))
                .containsExactly("description-too-long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void shouldRequireTextFields(String blank) {
        assertThat(codes(withText(blank, "A-1", "c", DESCRIPTION))).containsExactly("incident-type-required");
        assertThat(codes(withText("theft", blank, "c", DESCRIPTION))).containsExactly("case-number-required");
        assertThat(codes(withText("theft", "A-1", blank, DESCRIPTION))).containsExactly("contact-required");
        assertThat(codes(withText("theft", "A-1", "c", blank))).containsExactly("description-required");
    }

    @Test
    void shouldRequireNullTextFieldsWithFieldNames() {
        List<Violation> all = RequestRules.checkAll(withText(null, null, null, null), JURISDICTION, NOW, RETENTION_DAYS);

        assertThat(all).extracting(Violation::code, Violation::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("incident-type-required", "incidentType"),
                org.assertj.core.groups.Tuple.tuple("case-number-required", "caseNumber"),
                org.assertj.core.groups.Tuple.tuple("contact-required", "contact"),
                org.assertj.core.groups.Tuple.tuple("description-required", "description"));
    }

    @Test
    void shouldLimitCaseNumberTo64AllowedCharacters() {
        assertThat(codes(withText("theft", "AZaz09-/._# ".repeat(5) + "1234", "c", DESCRIPTION))).isEmpty();
        assertThat(codes(withText("theft", "9".repeat(64), "c", DESCRIPTION))).isEmpty();
        assertThat(codes(withText("theft", "9".repeat(65), "c", DESCRIPTION))).containsExactly("case-number-too-long");
        for (String bad : List.of("2024!1", "2024\u00001", "caf\u00e9-1", "2024\n1", "A-\uD83D\uDE00")) {
            assertThat(codes(withText("theft", bad, "c", DESCRIPTION))).as(bad).containsExactly("case-number-invalid");
        }
    }

    @Test
    void shouldLimitContactTo200CodePoints() {
        assertThat(codes(withText("theft", "A-1", "\uD83D\uDCDE".repeat(200), DESCRIPTION))).isEmpty();
        assertThat(codes(withText("theft", "A-1", "c".repeat(201), DESCRIPTION))).containsExactly("contact-too-long");
    }

    @Test
    void shouldAcceptOnlyListedIncidentTypes() {
        assertThat(RequestRules.incidentTypes()).contains("burglary", "vehicle-theft", "hit-and-run",
                "missing-person", "other");
        for (String type : RequestRules.incidentTypes()) {
            assertThat(codes(withText(type, "A-1", "c", DESCRIPTION))).as(type).isEmpty();
        }
        assertThat(codes(withText("jaywalking", "A-1", "c", DESCRIPTION))).containsExactly("incident-type-unknown");
        assertThat(codes(withText("Burglary", "A-1", "c", DESCRIPTION))).containsExactly("incident-type-unknown");
        assertThatThrownBy(() -> RequestRules.incidentTypes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRunModerationLast() {
        assertThat(codes(withText("theft", "A-1", "c", "Footage of the protest please; you must share.")))
                .containsExactly("first-amendment", "pressure");
    }

    @Test
    void shouldReportEveryViolationInDocumentedOrder() {
        Polygon big = Shapes.squareOfSquareMiles(JURISDICTION.getEnvelopeInternal().getMaxX(), LAT, 2);
        RequestDraft bad = new RequestDraft(big, NOW - 200 * DAY, NOW + 1, "parade", "#1!", "",
                "Looking for a black male near the rally.");

        List<String> all = codes(bad);

        assertThat(all).containsExactly("incident-type-unknown", "case-number-invalid", "contact-required",
                "area-too-large", "area-outside-jurisdiction", "window-too-long", "window-in-future",
                "window-beyond-retention", "first-amendment", "profiling");
        assertThat(RequestRules.check(bad, JURISDICTION, NOW, RETENTION_DAYS)).get()
                .extracting(Violation::code).isEqualTo("incident-type-unknown");
    }

    @Test
    void shouldRejectBadArguments() {
        assertThatThrownBy(() -> RequestRules.check(valid(), JURISDICTION, NOW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetentionDays=0");
        assertThatThrownBy(() -> RequestRules.check(valid(), Shapes.GF.createPoint(new Coordinate(0, 0)), NOW, 180))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Point");
        assertThatThrownBy(() -> RequestRules.check(null, JURISDICTION, NOW, 180))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RequestRules.check(valid(), null, NOW, 180))
                .isInstanceOf(NullPointerException.class);
    }
}
