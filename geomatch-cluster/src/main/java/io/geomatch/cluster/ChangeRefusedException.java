package io.geomatch.cluster;

import io.geomatch.core.InvalidInputException;

/**
 * A change of a batch was refused as bad input (for example footage for an unknown camera, or a
 * retention beyond the cluster's longest). Every change before it was applied and acknowledged;
 * it and every change after it were not. The cause names the field, the value and what is
 * allowed, as the core's {@link InvalidInputException} does.
 */
public final class ChangeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int accepted;

    /**
     * @param accepted how many changes from the start of the batch were applied
     * @param cause why the next one was refused
     */
    public ChangeRefusedException(int accepted, InvalidInputException cause) {
        super("change " + accepted + " of the batch was refused: " + cause.getMessage(), cause);
        this.accepted = accepted;
    }

    /** @return how many changes from the start of the batch were applied and acknowledged */
    public int accepted() {
        return accepted;
    }

    /** @return why the change at position {@link #accepted()} was refused */
    public InvalidInputException reason() {
        return (InvalidInputException) getCause();
    }
}
