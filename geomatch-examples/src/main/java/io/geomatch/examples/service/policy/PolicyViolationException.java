package io.geomatch.examples.service.policy;

import java.util.Objects;

/**
 * A broken rule, thrown by the rule functions that check and normalise one form at a time
 * ({@link AgencyRules}, {@link OwnerRules}, {@link DeviceRules}, {@link ClipRules},
 * {@link SharingRules}); the service answers it as {@code 422} with the violation's code, field
 * and message. {@link RequestRules} returns its violations instead, since a refused request is
 * recorded before it is answered.
 */
public final class PolicyViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The rule broken. */
    private final transient Violation violation;

    /**
     * @param violation the rule broken
     */
    public PolicyViolationException(Violation violation) {
        super(Objects.requireNonNull(violation, "violation").message());
        this.violation = violation;
    }

    /**
     * @param code stable kebab-case rule id
     * @param field the JSON field at fault
     * @param message one line naming the value and what is allowed
     */
    public PolicyViolationException(String code, String field, String message) {
        this(new Violation(code, field, message));
    }

    /** @return the rule broken */
    public Violation violation() {
        return violation;
    }
}
