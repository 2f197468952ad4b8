package io.geomatch.examples.service.http;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers to POSTs sent with an {@code Idempotency-Key}, so that a client retrying a call it has
 * no answer to (a dropped connection, a timeout) gets the first answer again instead of a second
 * change. Keys belong to the caller and the endpoint; a key is remembered, with the SHA-256 of its
 * body and the answer, for {@link #TTL_MILLIS} ms, in memory only (a restart forgets it). Each
 * caller has its own store of at most {@link #MAX_ENTRIES_PER_CALLER} keys (its oldest are
 * forgotten first), so no caller can push another's keys out. Only successful (2xx) answers are
 * kept: a refusal or an error is forgotten, and a retry runs the call again. Thread-safe.
 */
final class Idempotency {
    /** How long an answer is remembered: 24 hours. */
    static final long TTL_MILLIS = 24 * 3_600_000L;
    /** How many answers are remembered at most for one caller. */
    static final int MAX_ENTRIES_PER_CALLER = 1_000;

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

    private final Map<String, Map<String, Entry>> byCaller = new java.util.HashMap<>();

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
     * @param caller who calls (role and id)
     * @param key the endpoint and the header's value
     * @param fingerprint SHA-256 of the body
     * @return what to do
     */
    synchronized Outcome begin(String caller, String key, byte[] fingerprint) {
        Map<String, Entry> entries = byCaller.computeIfAbsent(caller, c -> new LinkedHashMap<>());
        expire(entries);
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

    /** Remembers the answer to a call that {@link #begin} let proceed if it succeeded (2xx), else forgets the call. */
    synchronized void finish(String caller, String key, Answer answer) {
        if (answer.status() < 200 || answer.status() > 299) {
            abandon(caller, key);
            return;
        }
        Map<String, Entry> entries = byCaller.get(caller);
        Entry e = entries == null ? null : entries.get(key);
        if (e != null) {
            e.answer = answer;
        }
    }

    /** Forgets a call that failed without an answer worth repeating. */
    synchronized void abandon(String caller, String key) {
        Map<String, Entry> entries = byCaller.get(caller);
        Entry e = entries == null ? null : entries.get(key);
        if (e != null && e.answer == null) {
            entries.remove(key);
            if (entries.isEmpty()) {
                byCaller.remove(caller);
            }
        }
    }

    private static void expire(Map<String, Entry> entries) {
        long now = System.nanoTime();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.atNanos > TTL_MILLIS * 1_000_000L || entries.size() >= MAX_ENTRIES_PER_CALLER) {
                it.remove();
            } else {
                break;   // in insertion order: the rest are younger
            }
        }
    }
}
