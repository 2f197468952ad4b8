package io.geomatch.cluster.data;

import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An area's definition compiles to the area it was made from (the members' cache of compiled
 * areas relies on equal definitions meaning equal areas), and a bad area is refused when it is
 * made, with the core's message, before it travels.
 */
class AreaDefinitionTest {
    private static final String SQUARE = "POLYGON ((-87.64 41.87, -87.62 41.87, -87.62 41.89, -87.64 41.89, -87.64 41.87))";

    @Test
    void shouldBeEqualExactlyWhenDefinedAlike() throws Exception {
        AreaDefinition a = AreaDefinition.polygons(new WKTReader().read(SQUARE));
        AreaDefinition b = AreaDefinition.polygons(new WKTReader().read(SQUARE));
        AreaDefinition moved = AreaDefinition.polygons(new WKTReader().read(SQUARE.replace("41.89", "41.891")));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(moved);
        assertThat(AreaDefinition.circle(41.88, -87.63, 500)).isEqualTo(AreaDefinition.circle(41.88, -87.63, 500))
            .isNotEqualTo(AreaDefinition.circle(41.88, -87.63, 500.5)).isNotEqualTo(a);
        assertThat(AreaDefinition.cells(0x8928308280fffffL)).isEqualTo(AreaDefinition.cells(0x8928308280fffffL))
            .isNotEqualTo(AreaDefinition.cells(0x8928308283bffffL));
    }

    @Test
    void shouldCompileToTheAreaItWasMadeFrom() throws Exception {
        AreaDefinition square = AreaDefinition.polygons(new WKTReader().read(SQUARE));

        assertThat(square.compiled().covers(41.87, -87.64)).as("a vertex: boundary inclusive").isTrue();
        assertThat(square.compiled().covers(41.8699999, -87.63)).isFalse();
        assertThat(AreaDefinition.circle(41.88, -87.63, 0).compiled().covers(41.88, -87.63)).isTrue();
    }

    @Test
    void shouldRefuseABadAreaWhenMade() {
        assertThatThrownBy(() -> AreaDefinition.circle(95, 0, 10)).isInstanceOf(InvalidInputException.class)
            .hasMessage("lat 95.0 is out of range, allowed -90..90");
        assertThatThrownBy(() -> AreaDefinition.cells()).isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("cells ");
    }
}
