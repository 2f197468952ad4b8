package io.geomatch.world;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped place list loads completely, in population order, with quoted names intact. */
class UsPlacesTest {
    @Test
    void shouldLoadEveryPopulatedPlaceMostPopulousFirst() {
        List<UsPlaces.Place> places = UsPlaces.all();
        assertThat(places).hasSize(16_663);
        assertThat(places.get(0)).isEqualTo(new UsPlaces.Place("New York City", "NY", 40.71427, -74.00597, 8_175_133));
        long population = 0;
        for (int i = 0; i < places.size(); i++) {
            UsPlaces.Place place = places.get(i);
            assertThat(place.population()).isPositive();
            if (i > 0) {
                assertThat(place.population()).isLessThanOrEqualTo(places.get(i - 1).population());
            }
            assertThat(place.state()).hasSize(2);
            population += place.population();
        }
        assertThat(population).isEqualTo(264_367_783L);
    }

    @Test
    void shouldKeepCommasAndNonAsciiLettersInNames() {
        assertThat(UsPlaces.all()).anySatisfy(p -> assertThat(p.name()).isEqualTo("Washington, D.C."));
        assertThat(UsPlaces.all()).anySatisfy(p -> assertThat(p.name()).isEqualTo("Cañon City"));
    }

    @Test
    void shouldReturnTheSameImmutableList() {
        assertThat(UsPlaces.all()).isSameAs(UsPlaces.all());
        assertThat(UsPlaces.all()).isUnmodifiable();
    }
}
