package io.geomatch.examples.service.http;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers to POSTs sent with an {@code Idempotency-Key}, so that a client retrying a call it has
 * no answer to (a dropped connection, a timeout) gets the first answer again instead of a second
 * change. Keys belong to the caller and the endpoint; a key is remembered, with the SHA-256 of its
 * body and the answer (success or refusal), for {@link #TTL_MILLIS} ms, in memory only (a restart
 * forgets it), at most {@link #MAX_ENTRIES} at a time (the oldest are forgotten first).
 * Thread-safe.
 */
final class Idempotency {
    /** How long an answer is remembered: 24 hours. */
    static final long TTL_MILLIS = 24 * 3_600_000L;
    /** How many answers are remembered at most. */
    static final int MAX_ENTRIES = 10_000;

    /** A remembered answer. */
    record Answer(int status, byte[] body) {
    }

    /** What to do with a call carrying a key. */
    sealed interface Outcome {
    }

    /** The key is new: run the call, then {@link #finish} or {@link #abandon}. */
    record Proceed() implements Outcome {
    }

    /** The key was used with this body: send the remembered answer. */
    record Replay(Answer answer) implements Outcome {
    }

    /** The key was used with another body. */
    record Reused() implements Outcome {
    }

    /** A call with this key is still running. */
    record InUse() implements Outcome {
    }

    private static final class Entry {
        final byte[] fingerprint;
        final long atNanos;
        Answer answer;

        Entry(byte[] fingerprint, long atNanos) {
            this.fingerprint = fingerprint;
            this.atNanos = atNanos;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param value an {@code Idempotency-Key} header
     * @return whether it is 1..255 visible ASCII characters
     */
    static boolean valid(String value) {
        if (value.isEmpty() || value.length() > 255) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param key the caller, the endpoint and the header's value
     * @param fingerprint SHA-256 of the body
     * @return what to do
     */
    synchronized Outcome begin(String key, byte[] fingerprint) {
        expire();
        Entry e = entries.get(key);
        if (e == null) {
            entries.put(key, new Entry(fingerprint, System.nanoTime()));
            return new Proceed();
        }
        if (!Arrays.equals(e.fingerprint, fingerprint)) {
            return new Reused();
        }
        return e.answer == null ? new InUse() : new Replay(e.answer);
    }

    /** Remembers the answer to a call that {@link #begin} let proceed. */
    synchronized void finish(String key, Answer answer) {
        Entry e = entries.get(key);
        if (e != null) {
            e.answer = answer;
        }
    }

    /** Forgets a call that failed without an answer worth repeating (an internal error). */
    synchronized void abandon(String key) {
        Entry e = entries.get(key);
        if (e != null && e.answer == null) {
            entries.remove(key);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.atNanos > TTL_MILLIS * 1_000_000L || entries.size() > MAX_ENTRIES) {
                it.remove();
            } else {
                break;   // in insertion order: the rest are younger
            }
        }
    }
}
