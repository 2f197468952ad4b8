package io.geomatch.core.internal.live;

import java.io.Serial;

/**
 * A change or a merge refused because the index would hold more off-heap memory than its budget
 * allows ({@code LiveOptions.maxOffHeapBytes}). Nothing was changed. Retrying after memory is freed
 * (views closed, expired footage dropped by a merge after the clock advanced) may succeed.
 */
public final class MemoryBudgetException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what did not fit, and what is in use */
    public MemoryBudgetException(String message) {
        super(message);
    }
}
