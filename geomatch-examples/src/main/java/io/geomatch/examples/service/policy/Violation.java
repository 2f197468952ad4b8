package io.geomatch.examples.service.policy;

import java.util.Objects;

/**
 * One broken rule of a community request, ready to be returned to the requesting agency.
 *
 * @param code stable kebab-case rule id, for example {@code area-too-large} or
 *     {@code first-amendment}; the codes are the {@code String} constants of
 *     {@link RequestRules} and {@link Moderation}
 * @param field the JSON field at fault: {@code area}, {@code from}, {@code to},
 *     {@code caseNumber}, {@code contact}, {@code incidentType} or {@code description}
 * @param message one line naming the submitted value and what is allowed
 */
public record Violation(String code, String field, String message) {

    /**
     * Checks that no component is null.
     *
     * @param code stable kebab-case rule id
     * @param field the JSON field at fault
     * @param message one line naming the value and what is allowed
     * @throws NullPointerException if a component is null
     */
    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
