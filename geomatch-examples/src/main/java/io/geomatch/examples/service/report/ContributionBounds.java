package io.geomatch.examples.service.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts owners per agency so that each owner counts at most once in all the counts together:
 * for the agency of its first event. This bounds what one owner can change in a report (see
 * {@code ReportRules}). Pure functions; any thread.
 */
public final class ContributionBounds {
    private ContributionBounds() {
    }

    /**
     * Something that happened to an owner because of an agency's request.
     *
     * @param ownerId the owner
     * @param agencyId the agency
     * @param atMillis when, epoch ms
     * @param order a tie-breaker among events at the same time (the journal order of the request)
     */
    public record Event(String ownerId, String agencyId, long atMillis, long order) {
    }

    /**
     * @param events the month's events, in any order
     * @return per agency, how many owners had their first event with it
     */
    public static Map<String, Long> firstPerOwner(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::atMillis).thenComparingLong(Event::order).thenComparing(Event::ownerId));
        Set<String> counted = new HashSet<>();
        Map<String, Long> out = new TreeMap<>();
        for (Event e : sorted) {
            if (counted.add(e.ownerId())) {
                out.merge(e.agencyId(), 1L, Long::sum);
            }
        }
        return out;
    }
}
