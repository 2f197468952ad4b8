package io.geomatch.examples.sim;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.Signatures;
import io.geomatch.world.CameraWorld;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The owners and devices of a simulated world, acting on a {@link CommunityService} in process:
 * they receive delivery notifications and, by configurable probabilities, share footage, decline
 * or ignore. A sharing owner's device uploads the clips it holds for the window (synthetic
 * content, signed with the device's key) and then shares them.
 *
 * <p>Each owner's choice is a pure function of the seed, the request and the owner, so runs
 * repeat. Also builds request areas (squares and 32-gon circles of a given size) centred on
 * cameras. Notifications are queued from the fan-out thread; {@link #respond()} lets the owners
 * answer them, each owner on a thread of its own, as real owners answer at once: the service
 * commits owners' changes in rounds, and a call waits for its round. An owner answers its own
 * notifications in the order they came, so its choices, and the tally, repeat. An answer the
 * service refuses (the request was resolved before the owner got to it) counts as ignored; the
 * owners go on answering the next requests.
 */
public final class Simulator {
    /** Synthetic clip content size, bytes. */
    public static final int CLIP_BYTES = 2048;
    /** Clips one owner shares with one request, at most. */
    public static final int MAX_SHARED_CLIPS = 3;
    /** Owners answering at once, at most. */
    private static final int OWNER_THREADS = 64;
    private static final double METERS_PER_DEGREE = CameraWorld.METERS_PER_DEGREE;

    /**
     * How owners answer requests; the rest ignore them.
     *
     * @param share probability of sharing, 0..1
     * @param decline probability of declining, 0..1, with {@code share + decline <= 1}
     */
    public record Behaviour(double share, double decline) {
        /**
         * @param share probability of sharing
         * @param decline probability of declining
         */
        public Behaviour {
            if (!(share >= 0 && decline >= 0 && share + decline <= 1)) {
                throw new IllegalArgumentException("share=" + share + " decline=" + decline
                    + " must be probabilities with share + decline <= 1");
            }
        }
    }

    /**
     * What the owners did so far.
     *
     * @param notifications deliveries received
     * @param shared responses that shared
     * @param declined responses that declined
     * @param ignored notifications left unanswered
     * @param clipsUploaded clips uploaded to share
     */
    public record Tally(long notifications, long shared, long declined, long ignored, long clipsUploaded) {
    }

    private record Notification(String requestId, String ownerId) {
    }

    private final CommunityService service;
    private final SimulatedFleet fleet;
    private final Behaviour behaviour;
    private final long seed;
    private final ConcurrentLinkedQueue<Notification> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong shared = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong clipsUploaded = new AtomicLong();

    /**
     * Connects the simulated owners to a service's notifications.
     *
     * @param service a service opened with a simulated world
     * @param behaviour how owners answer
     * @param seed the seed of their choices
     */
    public Simulator(CommunityService service, Behaviour behaviour, long seed) {
        this.service = service;
        this.fleet = service.fleet();
        if (fleet == null) {
            throw new IllegalArgumentException("the service has no simulated world");
        }
        this.behaviour = behaviour;
        this.seed = seed;
        service.setNotifier((requestId, ownerId) -> inbox.add(new Notification(requestId, ownerId)));
    }

    /** @return the fleet */
    public SimulatedFleet fleet() {
        return fleet;
    }

    /**
     * Lets every owner notified so far answer (or not).
     *
     * @return the tally after answering
     */
    public Tally respond() {
        Map<String, List<Notification>> byOwner = new LinkedHashMap<>();
        for (Notification n; (n = inbox.poll()) != null; ) {
            byOwner.computeIfAbsent(n.ownerId(), k -> new ArrayList<>()).add(n);
        }
        if (byOwner.isEmpty()) {
            return tally();
        }
        ExecutorService owners = Executors.newFixedThreadPool(Math.min(OWNER_THREADS, byOwner.size()), r -> {
            Thread t = new Thread(r, "simulated-owner");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> answering = new ArrayList<>();
            for (List<Notification> own : byOwner.values()) {
                answering.add(owners.submit(() -> own.forEach(this::answer)));
            }
            for (Future<?> f : answering) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the simulated owners answered", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            owners.shutdownNow();
        }
        return tally();
    }

    private void answer(Notification n) {
        int position = fleet.ownerPosition(n.ownerId());
        if (position < 0) {
            return;
        }
        notifications.incrementAndGet();
        double u = uniform(n.requestId(), n.ownerId());
        try {
            if (u < behaviour.share()) {
                share(position, n.requestId());
            } else if (u < behaviour.share() + behaviour.decline()) {
                service.respond(service.simulatedOwner(position), n.requestId(), "decline", List.of());
                declined.incrementAndGet();
            } else {
                ignored.incrementAndGet();
            }
        } catch (ServiceException refused) {
            // the agency resolved the request before the owner got to it (or it was answered already): too late
            ignored.incrementAndGet();
        }
    }

    /** @return what the owners did so far */
    public Tally tally() {
        return new Tally(notifications.get(), shared.get(), declined.get(), ignored.get(), clipsUploaded.get());
    }

    private void share(int position, String requestId) {
        Principal owner = service.simulatedOwner(position);
        Api.FeedItem item = null;
        for (Api.FeedItem f : service.feed(owner)) {
            if (f.request().id().equals(requestId)) {
                item = f;
            }
        }
        if (item == null) {
            return;
        }
        long from = java.time.Instant.parse(item.request().from()).toEpochMilli();
        long to = java.time.Instant.parse(item.request().to()).toEpochMilli();
        List<String> clipIds = new ArrayList<>();
        for (Api.ClipView c : item.clips()) {
            if (clipIds.size() < MAX_SHARED_CLIPS) {
                clipIds.add(c.id());
            }
        }
        if (clipIds.isEmpty()) {
            clipIds.addAll(uploadFootage(position, from, to));
        }
        if (clipIds.isEmpty()) {
            ignored.incrementAndGet();
            return;
        }
        service.respond(owner, requestId, "share", clipIds);
        shared.incrementAndGet();
    }

    /** Uploads up to {@link #MAX_SHARED_CLIPS} clips of the device's world footage overlapping {@code [from, to)}. */
    private List<String> uploadFootage(int position, long from, long to) {
        CameraWorld w = fleet.world();
        String deviceId = SimulatedFleet.deviceId(position);
        PrivateKey key = null;
        List<String> ids = new ArrayList<>();
        for (int f = w.footageOffsets()[position]; f < w.footageOffsets()[position + 1] && ids.size() < MAX_SHARED_CLIPS; f++) {
            long s = w.footageStartMillis()[f];
            long e = s + w.footageDurationMillis()[f];
            if (s >= to || e <= from) {
                continue;
            }
            long start = Math.max(s, from);
            long end = Math.min(Math.min(e, to), start + 60_000);
            if (key == null) {
                key = fleet.keyPair(position).getPrivate();
            }
            byte[] content = content(deviceId, start);
            try {
                ids.add(service.uploadClip(service.simulatedOwner(position), deviceId,
                    new Api.ClipForm(start, end, content, Signatures.sign(key, deviceId, start, end, content)), null).id());
                clipsUploaded.incrementAndGet();
            } catch (ServiceException refused) {
                // already stored, or no longer kept by the device (beyond its retention): not shared
            }
        }
        return ids;
    }

    /**
     * Synthetic, deterministic clip content standing in for video.
     *
     * @param deviceId the device
     * @param startMillis the clip start
     * @return {@value #CLIP_BYTES} bytes
     */
    public static byte[] content(String deviceId, long startMillis) {
        byte[] bytes = new byte[CLIP_BYTES];
        new SplittableRandom(deviceId.hashCode() * 31L + startMillis).nextBytes(bytes);
        return bytes;
    }

    private double uniform(String requestId, String ownerId) {
        long h = seed;
        for (char c : (requestId + "|" + ownerId).toCharArray()) {
            h = h * 0x100000001B3L ^ c;
        }
        return new SplittableRandom(h).nextDouble();
    }

    /**
     * A square request area as GeoJSON, axis-aligned, of a given area.
     *
     * @param latDegrees centre latitude
     * @param lonDegrees centre longitude
     * @param squareMiles its area, square miles
     * @return a GeoJSON Polygon
     */
    public static String square(double latDegrees, double lonDegrees, double squareMiles) {
        double halfMeters = Math.sqrt(squareMiles) * CameraWorld.METERS_PER_MILE / 2;
        double dLat = halfMeters / METERS_PER_DEGREE;
        double dLon = halfMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(latDegrees)));
        double[][] ring = {
            {lonDegrees - dLon, latDegrees - dLat}, {lonDegrees + dLon, latDegrees - dLat},
            {lonDegrees + dLon, latDegrees + dLat}, {lonDegrees - dLon, latDegrees + dLat}, {lonDegrees - dLon, latDegrees - dLat}};
        return polygon(ring);
    }

    /**
     * A circular request area as a GeoJSON 32-gon of a given area.
     *
     * @param latDegrees centre latitude
     * @param lonDegrees centre longitude
     * @param squareMiles its area, square miles
     * @return a GeoJSON Polygon
     */
    public static String circle(double latDegrees, double lonDegrees, double squareMiles) {
        int n = 32;
        double areaMeters = squareMiles * CameraWorld.METERS_PER_MILE * CameraWorld.METERS_PER_MILE;
        // a regular n-gon of circumradius r has area n r^2 sin(2 pi / n) / 2
        double r = Math.sqrt(2 * areaMeters / (n * Math.sin(2 * Math.PI / n)));
        double[][] ring = new double[n + 1][];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            ring[i] = new double[] {
                lonDegrees + r * Math.cos(a) / (METERS_PER_DEGREE * Math.cos(Math.toRadians(latDegrees))),
                latDegrees + r * Math.sin(a) / METERS_PER_DEGREE};
        }
        ring[n] = ring[0];
        return polygon(ring);
    }

    private static String polygon(double[][] ring) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i < ring.length; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.7f,%.7f]", ring[i][0], ring[i][1]));
        }
        return sb.append("]]}").toString();
    }
}
