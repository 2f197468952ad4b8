package io.geomatch.examples.service.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How an owner answers a request delivered to it: share 1..{@value #MAX_CLIPS} of its eligible
 * clips, or decline with none; ignoring needs no call. A clip is eligible for a request when it
 * comes from one of the owner's devices the fan-out notified of that request (so one that sees its
 * area, or stands in it,
 * with footage in its window when it was published: a device registered or moved later cannot
 * share), the device is not end-to-end encrypted, and the clip overlaps the window
 * ({@link #eligible}). Pure functions; any thread.
 */
public final class SharingRules {
    /** Share. */
    public static final String SHARE = "share";
    /** Decline. */
    public static final String DECLINE = "decline";
    /** Most clips one answer shares. */
    public static final int MAX_CLIPS = 50;
    /** Code: a clip may not be shared with the request. */
    public static final String CLIP_NOT_ELIGIBLE = "clip-not-eligible";
    /** Code: a clip fails its authenticity check when it is shared. */
    public static final String CLIP_TAMPERED = "clip-tampered";

    private SharingRules() {
    }

    /**
     * Checks the shape of an answer: the action, and the clip list it goes with.
     *
     * @param action share or decline
     * @param clipIds the clips to share, may be null for none
     * @return the action, normalised
     * @throws PolicyViolationException for a bad action, clips listed to decline, none or more
     *     than {@value #MAX_CLIPS} to share, or a clip listed twice
     */
    public static String check(String action, List<String> clipIds) {
        String act = Fields.oneOf("action", action, Set.of(SHARE, DECLINE));
        List<String> ids = clipIds == null ? List.of() : clipIds;
        if (act.equals(DECLINE) && !ids.isEmpty()) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "clipIds", "clipIds must be empty to decline");
        }
        if (act.equals(SHARE) && (ids.isEmpty() || ids.size() > MAX_CLIPS)) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "clipIds", "clipIds holds " + ids.size()
                + " clips, allowed 1.." + MAX_CLIPS + " to share");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new PolicyViolationException(Fields.INVALID_FIELD, "clipIds", "clip " + id + " is listed twice");
            }
        }
        return act;
    }

    /**
     * @param deviceNotified whether the fan-out notified the clip's device of the request
     * @param deviceE2ee whether the device is end-to-end encrypted
     * @param clipStartMillis clip start, epoch ms
     * @param clipEndMillis clip end, exclusive
     * @param fromMillis the request's window start
     * @param toMillis its window end, exclusive
     * @return whether the clip may be shared with the request
     */
    public static boolean eligible(boolean deviceNotified, boolean deviceE2ee, long clipStartMillis, long clipEndMillis,
                                   long fromMillis, long toMillis) {
        return deviceNotified && !deviceE2ee && overlaps(clipStartMillis, clipEndMillis, fromMillis, toMillis);
    }

    /**
     * @param clipStartMillis clip start, epoch ms
     * @param clipEndMillis clip end, exclusive
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive
     * @return whether the clip overlaps the window
     */
    public static boolean overlaps(long clipStartMillis, long clipEndMillis, long fromMillis, long toMillis) {
        return clipStartMillis < toMillis && clipEndMillis > fromMillis;
    }

    /**
     * @param clipId the clip
     * @param requestId the request
     * @param window the request's window, for the message
     * @return the refusal of sharing that clip with that request
     */
    public static PolicyViolationException notEligible(String clipId, String requestId, String window) {
        return new PolicyViolationException(CLIP_NOT_ELIGIBLE, "clipIds", "clip " + Fields.quote(clipId) + " cannot be shared with request "
            + requestId + ": only your clips that overlap its window " + window + ", from a device it was delivered for, can");
    }

    /**
     * @param clipId the clip
     * @param deviceId its device
     * @return the refusal of sharing a clip of an end-to-end encrypted device
     */
    public static PolicyViolationException encrypted(String clipId, String deviceId) {
        return new PolicyViolationException(CLIP_NOT_ELIGIBLE, "clipIds", "clip " + Fields.quote(clipId) + " is from device " + deviceId
            + ", which is end-to-end encrypted: its footage cannot be shared");
    }
}
