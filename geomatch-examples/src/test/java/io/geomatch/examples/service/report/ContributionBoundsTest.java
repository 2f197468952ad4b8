package io.geomatch.examples.service.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each owner counts once in all agencies' counts together, for the agency it met first: what makes the report's sensitivity 2. */
class ContributionBoundsTest {
    @Test
    void shouldCountEachOwnerOnceForTheFirstAgency() {
        List<ContributionBounds.Event> events = List.of(
            new ContributionBounds.Event("o1", "b", 2_000, 5),
            new ContributionBounds.Event("o1", "a", 1_000, 9),   // earlier: o1 counts for a
            new ContributionBounds.Event("o2", "b", 1_000, 3),
            new ContributionBounds.Event("o2", "a", 1_000, 4),   // same time, later request: o2 counts for b
            new ContributionBounds.Event("o3", "a", 5_000, 1),
            new ContributionBounds.Event("o3", "a", 6_000, 2));  // twice for one agency: once
        Map<String, Long> counts = ContributionBounds.firstPerOwner(events);
        assertThat(counts).containsExactly(Map.entry("a", 2L), Map.entry("b", 1L));
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as("owners, each once").isEqualTo(3);
    }
}
