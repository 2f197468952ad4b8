package io.geomatch.core.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory with a count of holders, freed by the last one to let go: the creator holds it first,
 * every other holder (a running query, a view, a handle, a newer state) retains it before use and
 * releases it after, and the release that brings the count to zero runs the free action, at once,
 * on that thread. Once freed it can never be retained again: {@link #tryRetain()} fails, so a
 * reader that finds it freed takes a newer state or reports the closed handle, and never touches
 * the memory.
 *
 * <p>A holder that never releases (a handle dropped without being closed) leaves the memory to
 * the garbage collector, as any direct buffer: once the owner object is unreachable the JDK frees
 * its buffers, and {@link #whenUnreachable} then tells the listeners, so that budgets do not keep
 * counting it.
 *
 * <p>Threading: every method is safe from any thread. Retain and release are one compare-and-set
 * and one atomic decrement on a field of this object; the free action runs at most once, and the
 * listeners exactly once, whichever comes first.
 */
public final class Shared {
    private static final VarHandle HOLDERS;
    private static final Cleaner CLEANER = Cleaner.create();

    static {
        try {
            HOLDERS = MethodHandles.lookup().findVarHandle(Shared.class, "holders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String what;
    private final Runnable free;
    /** Kept apart from {@link #free} (which reaches the buffers), so that the cleaner keeps no buffer reachable. */
    private final Listeners listeners = new Listeners();
    @SuppressWarnings("unused") // through HOLDERS
    private volatile int holders = 1;

    /** Actions to run once the memory is gone; safe from any thread. */
    private static final class Listeners implements Runnable {
        private List<Runnable> waiting;
        private boolean done;

        synchronized boolean add(Runnable r) {
            if (done) {
                return false;
            }
            if (waiting == null) {
                waiting = new ArrayList<>(2);
            }
            waiting.add(r);
            return true;
        }

        @Override
        public void run() {
            List<Runnable> tell;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                tell = waiting;
                waiting = null;
            }
            if (tell != null) {
                for (Runnable r : tell) {
                    r.run();
                }
            }
        }
    }

    /**
     * @param what what the memory is, for messages
     * @param free frees it; runs once, on the thread of the last release
     */
    public Shared(String what, Runnable free) {
        this.what = what;
        this.free = free;
    }

    /**
     * Takes one more hold, unless the memory is already freed.
     *
     * @return whether it was taken; {@code false} means freed, and nothing may be read
     */
    public boolean tryRetain() {
        int h;
        do {
            h = holders;
            if (h == 0) {
                return false;
            }
        } while (!HOLDERS.weakCompareAndSet(this, h, h + 1));
        return true;
    }

    /**
     * Takes one more hold.
     *
     * @throws IllegalStateException if the memory is already freed
     */
    public void retain() {
        if (!tryRetain()) {
            throw new IllegalStateException(what + " is already released");
        }
    }

    /**
     * Gives up one hold; the last one frees the memory, on this thread, and tells the listeners.
     *
     * @throws IllegalStateException if released more often than held
     */
    public void release() {
        int left = (int) HOLDERS.getAndAdd(this, -1) - 1;
        if (left > 0) {
            return;
        }
        if (left < 0) {
            HOLDERS.getAndAdd(this, 1);
            throw new IllegalStateException(what + " was released more often than it was held");
        }
        free.run();
        listeners.run();
    }

    /**
     * Runs {@code r} once the memory is gone (freed, or unreachable and left to the JDK): at once if it already is.
     *
     * @param r a short, non-blocking action (it may run on a query thread or the cleaner's)
     */
    public void whenFreed(Runnable r) {
        if (!listeners.add(r)) {
            r.run();
        }
    }

    /**
     * Registers {@code owner}, the one object through which the memory is read: once it is
     * unreachable, nothing can read the memory any more, and the listeners are told even if some
     * holder never released (the JDK frees the buffers themselves).
     *
     * @param owner the object that owns the memory
     */
    public void whenUnreachable(Object owner) {
        CLEANER.register(owner, listeners);
    }

    /** @return whether the memory is freed (or being freed): no hold can be taken any more */
    public boolean isFreed() {
        return holders == 0;
    }

    /** @return the current number of holders, for tests and diagnostics */
    public int holders() {
        return holders;
    }

    @Override
    public String toString() {
        return what + " (holders=" + holders + ")";
    }
}
