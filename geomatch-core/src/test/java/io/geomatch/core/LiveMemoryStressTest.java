package io.geomatch.core;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reclamation under fire: a writer streams footage (and changes far-away cameras, and advances the
 * clock) into a live index or a store with a tiny merge threshold, so that merges (freezes,
 * compactions, full merges) or checkpoints retire segments many times a second, while three
 * readers query it directly, through views of their own, and through one shared view that a fourth
 * thread replaces and closes under them, and a fifth seals it (or checkpoints the store) and
 * queries and closes what it gets; at the end the index is closed while the readers still run.
 * Freed memory is poisoned first ({@code geomatch.poisonFreedMemory}, set for every test), so a
 * read of it would give wrong answers; a read of an unmapped section would crash the JVM.
 *
 * <p>Every answer is checked: cameras only gain footage, so the answer of a query in the state
 * after {@code k} changes is the base's matches plus the cameras whose first clip in the window
 * came before it, worked out ahead for each query. A query on a view must give exactly that; a
 * direct query (whose state is not known) something between the answers before and after it. The
 * only failure a query may see is an {@link IllegalStateException} for a handle closed under it.
 * When everything is closed, every byte of direct memory the index took must be back, at once.
 *
 * <p>Runs {@code geomatch.stress.seconds} seconds per target (default 3; {@code mvn verify -Pstress}
 * runs 300).
 */
class LiveMemoryStressTest {
    private static final long SECONDS = Long.getLong("geomatch.stress.seconds", 3);
    private static final long T0 = 1_762_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long NOW = T0 + 5 * 86_400_000L;
    private static final int SIDE = 40;
    private static final int CAMERAS = SIDE * SIDE;
    private static final double LAT0 = 41.8;
    private static final double LON0 = -87.7;
    private static final double STEP = 1.0 / 1024;
    /** Clips whose answers are worked out ahead; later clips lie after every window. */
    private static final int PLANNED_CLIPS = 400_000;
    private static final long CLIP_SPACING_MILLIS = 200;
    /** Every op whose number is 49 mod 50 changes a camera far away; 9,998 mod 10,000 (never 49 mod 50) advances the clock. */
    private static final int FAR_EVERY = 50;
    private static final int CLOCK_EVERY = 10_000;

    /** The planned clips: camera and length of clip {@code j}, which starts at {@code T0 + j * CLIP_SPACING_MILLIS}. */
    private static final long[] CLIP_CAMERA = new long[PLANNED_CLIPS];
    private static final int[] CLIP_LENGTH = new int[PLANNED_CLIPS];

    static {
        SplittableRandom random = new SplittableRandom(17);
        for (int j = 0; j < PLANNED_CLIPS; j++) {
            CLIP_CAMERA[j] = 1 + random.nextInt(CAMERAS);
            CLIP_LENGTH[j] = 5_000 + random.nextInt(55_000);
        }
    }

    @TempDir
    Path dir;

    /** A query and its answers by the number of clips applied. */
    private static final class Planned {
        final Area area;
        final long from;
        final long to;
        /** Cameras of the area with a base clip in the window, and then each other camera of the area in the order of its first clip in the window. */
        final long[] idsInOrder;
        /** The clip count from which {@code idsInOrder[i]} matches (-1 for the base's). */
        final long[] fromClip;

        Planned(Area area, long from, long to, long[] idsInOrder, long[] fromClip) {
            this.area = area;
            this.from = from;
            this.to = to;
            this.idsInOrder = idsInOrder;
            this.fromClip = fromClip;
        }

        long[] expected(long clips) {
            int n = 0;
            while (n < fromClip.length && fromClip[n] < clips) {
                n++;
            }
            long[] ids = Arrays.copyOf(idsInOrder, n);
            Arrays.sort(ids);
            return ids;
        }
    }

    /** The part of the index the harness drives: a live index or a store. */
    private interface Target extends AutoCloseable {
        /** @return changes the target held before the stream's first: its state after {@code k} stream changes has this many more */
        long opsBefore();

        void apply(int op) throws IOException;

        void match(Area area, long from, long to, Matches into);

        LiveView view();

        /** Seals (a live index) or checkpoints (a store); returns what to query and close, or null. */
        GeoIndex sealOrCheckpoint() throws IOException;

        long offHeapBytes();

        @Override
        void close() throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"live", "store"})
    void shouldNeverReadFreedMemoryAndFreeItAll(String kind) throws Exception {
        long directBefore = directBytes();
        SplittableRandom random = new SplittableRandom(kind.hashCode());
        // The starting state, as a batch (for the store) and as a built index (for the live index, and for the plans).
        Mutations start = new Mutations();
        GeoIndexBuilder builder = GeoIndex.builder(60_000);
        for (int c = 0; c < CAMERAS; c++) {
            Camera camera = Camera.at(c + 1, LAT0 + (c / SIDE) * STEP, LON0 + (c % SIDE) * STEP).retentionDays(30);
            builder.addCamera(camera);
            start.upsertCamera(camera);
        }
        for (int c = 0; c < CAMERAS; c += 3) {
            long from = T0 + random.nextLong(0, 20 * HOUR);
            builder.addFootage(c + 1, from, from + 30_000);
            start.addFootage(c + 1, from, from + 30_000);
        }
        List<Planned> plans = new ArrayList<>();
        GeoIndex base = builder.build();
        for (int q = 0; q < 12; q++) {
            int x0 = random.nextInt(SIDE - 10);
            int y0 = random.nextInt(SIDE - 10);
            int w = 4 + random.nextInt(10);
            Area area = Area.wkt(String.format(java.util.Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))",
                LON0 + x0 * STEP, LAT0 + y0 * STEP, LON0 + (x0 + w) * STEP, LAT0 + y0 * STEP, LON0 + (x0 + w) * STEP,
                LAT0 + (y0 + w) * STEP, LON0 + x0 * STEP, LAT0 + (y0 + w) * STEP, LON0 + x0 * STEP, LAT0 + y0 * STEP));
            long from = T0 + random.nextLong(0, 15 * HOUR);
            long to = from + HOUR + random.nextLong(0, 8 * HOUR);
            plans.add(plan(base, area, from, to, x0, y0, w));
        }
        assertThat(plans.stream().mapToInt(p -> p.idsInOrder.length).sum()).as("the answers grow").isGreaterThan(500);

        Target target = kind.equals("live") ? live(base) : store(start);
        base.close();
        long before = target.opsBefore();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong opsDone = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicReference<LiveView> shared = new AtomicReference<>(target.view());
        AtomicLong checks = new AtomicLong();
        AtomicLong refusedClosed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        threads.add(thread("writer", failures, () -> {
            for (int op = 0; !stop.get(); op++) {
                target.apply(op);
                opsDone.set(op + 1);
            }
            writerDone.set(true);
        }));
        for (int r = 0; r < 3; r++) {
            int reader = r;
            threads.add(thread("reader-" + r, failures, () -> {
                SplittableRandom rr = new SplittableRandom(reader);
                Matches m = new Matches();
                while (true) {
                    Planned p = plans.get(rr.nextInt(plans.size()));
                    int mode = rr.nextInt(3);
                    try {
                        if (mode == 0) {
                            long first = clipsIn(opsDone.get());
                            target.match(p.area, p.from, p.to, m);
                            long last = clipsIn(opsDone.get() + 1);
                            long[] got = m.ids();
                            assertThat(asList(got)).as("a direct query").containsAll(asList(p.expected(first)));
                            assertThat(asList(p.expected(last))).as("a direct query").containsAll(asList(got));
                        } else {
                            LiveView v = mode == 1 ? target.view() : shared.get();
                            try {
                                long clips = clipsIn(v.opCount() - before);
                                v.match(p.area, p.from, p.to, NOW, m);
                                assertThat(m.ids()).as("a view after %d ops", v.opCount()).containsExactly(p.expected(clips));
                            } finally {
                                if (mode == 1) {
                                    v.close();
                                }
                            }
                        }
                        checks.incrementAndGet();
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().endsWith("is closed")) {
                            throw e;
                        }
                        refusedClosed.incrementAndGet();
                        if (mode != 2) {
                            // The index itself is closed: the end.
                            return;
                        }
                    }
                }
            }));
        }
        threads.add(thread("view-swapper", failures, () -> {
            while (!writerDone.get()) {
                LiveView next;
                try {
                    next = target.view();
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageEndingWith("is closed");
                    return;
                }
                shared.getAndSet(next).close();
                Thread.sleep(2);
            }
        }));
        threads.add(thread("sealer", failures, () -> {
            Matches m = new Matches();
            SplittableRandom rs = new SplittableRandom(99);
            while (!writerDone.get()) {
                long first = clipsIn(opsDone.get());
                GeoIndex sealed;
                try {
                    sealed = target.sealOrCheckpoint();
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageEndingWith("is closed");
                    return;
                }
                long last = clipsIn(opsDone.get() + 1);
                if (sealed != null) {
                    try (sealed) {
                        Planned p = plans.get(rs.nextInt(plans.size()));
                        sealed.match(p.area, p.from, p.to, NOW, m);
                        long[] got = m.ids();
                        assertThat(asList(got)).as("a sealed index").containsAll(asList(p.expected(first)));
                        assertThat(asList(p.expected(last))).as("a sealed index").containsAll(asList(got));
                    }
                }
                Thread.sleep(20);
            }
        }));
        threads.forEach(Thread::start);
        Thread.sleep(SECONDS * 1000);
        stop.set(true);
        threads.get(0).join();
        // Close the index while the readers still query it: they must see it closed, cleanly.
        target.close();
        for (Thread t : threads) {
            t.join(60_000);
            assertThat(t.isAlive()).as(t.getName() + " finished, failures: " + failures + ", stuck at "
                + Arrays.toString(t.getStackTrace())).isFalse();
        }
        shared.get().close();
        assertThat(failures).as("failures").isEmpty();
        assertThat(checks.get()).as("answers checked").isGreaterThan(100);
        assertThat(target.offHeapBytes()).as("bytes the index still counts").isZero();
        if (kind.equals("live")) {
            // (A store's checkpoint writes borrow direct buffers of their own, which the garbage collector frees.)
            assertThat(directBytes() - directBefore).as("direct memory not handed back").isLessThan(1 << 20);
        }
        System.out.printf("[stress] %s: %d ops, %d answers checked, %d refusals of a closed handle%n", kind, opsDone.get(), checks.get(),
            refusedClosed.get());
    }

    /** The answers of one query, worked out from the base and the planned clips. */
    private static Planned plan(GeoIndex base, Area area, long from, long to, int x0, int y0, int w) {
        long[] baseIds = base.matchIds(area, from, to, NOW);
        List<long[]> order = new ArrayList<>();
        boolean[] seen = new boolean[CAMERAS + 1];
        for (long id : baseIds) {
            order.add(new long[] {id, -1});
            seen[(int) id] = true;
        }
        for (int j = 0; j < PLANNED_CLIPS; j++) {
            int c = (int) CLIP_CAMERA[j];
            if (seen[c]) {
                continue;
            }
            int row = (c - 1) / SIDE;
            int col = (c - 1) % SIDE;
            long start = T0 + j * CLIP_SPACING_MILLIS;
            long end = start + CLIP_LENGTH[j];
            // Buckets of a minute: the clip's buckets meet the window's.
            boolean meets = Math.floorDiv(start, 60_000) <= Math.floorDiv(to - 1, 60_000) && Math.floorDiv(end - 1, 60_000) >= Math.floorDiv(from, 60_000);
            if (row >= y0 && row <= y0 + w && col >= x0 && col <= x0 + w && meets) {
                seen[c] = true;
                order.add(new long[] {c, j});
            }
        }
        long[] ids = new long[order.size()];
        long[] fromClip = new long[order.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = order.get(i)[0];
            fromClip[i] = order.get(i)[1];
        }
        return new Planned(area, from, to, ids, fromClip);
    }

    /** @return how many clips the first {@code ops} ops hold */
    private static long clipsIn(long ops) {
        long other = ops / FAR_EVERY + (ops + 1) / CLOCK_EVERY;
        return ops - other;
    }

    private static boolean isClock(long op) {
        return op % CLOCK_EVERY == CLOCK_EVERY - 2;
    }

    /**
     * The {@code op}-th change of the stream: a far-away camera added or removed, a clock advance, or
     * the next clip (planned, then beyond every window).
     */
    private static void change(int op, Mutations m) {
        if (op % FAR_EVERY == FAR_EVERY - 1 || isClock(op)) {
            if (isClock(op)) {
                m.advanceClock(T0 + Math.min(op / CLOCK_EVERY, 48) * HOUR);
                return;
            }
            long far = 1_000_000 + (op / FAR_EVERY) % 500;
            if ((op / FAR_EVERY / 500) % 2 == 0) {
                m.upsertCamera(Camera.at(far, -33.9 + (far % 100) * 1e-4, 151.2).retentionDays(30));
            } else {
                m.deleteCamera(far);
            }
            return;
        }
        long j = clipsIn(op);
        long start = T0 + j * CLIP_SPACING_MILLIS;
        int k = (int) (j % PLANNED_CLIPS);
        m.addFootage(CLIP_CAMERA[k], start, start + CLIP_LENGTH[k]);
    }

    private Target live(GeoIndex base) {
        LiveIndex live = LiveIndex.of(base, LiveOptions.defaults().maxRetentionDays(30).mergeThreshold(256));
        Mutations m = new Mutations();
        SplittableRandom choice = new SplittableRandom(5);
        return new Target() {
            @Override
            public long opsBefore() {
                return 0;
            }

            @Override
            public void apply(int op) {
                m.clear();
                change(op, m);
                m.forEach(new Mutations.Visitor() {
                    @Override
                    public void upsertCamera(Camera camera) {
                        live.upsertCamera(camera);
                    }

                    @Override
                    public void deleteCamera(long id) {
                        live.deleteCamera(id);
                    }

                    @Override
                    public void addFootage(long cameraId, long startMillis, long endMillis) {
                        live.addFootage(cameraId, startMillis, endMillis);
                    }

                    @Override
                    public void advanceClock(long nowMillis) {
                        live.advanceClock(nowMillis);
                    }
                });
            }

            @Override
            public void match(Area area, long from, long to, Matches into) {
                live.match(area, from, to, NOW, into);
            }

            @Override
            public LiveView view() {
                return live.view();
            }

            @Override
            public GeoIndex sealOrCheckpoint() {
                if (choice.nextInt(3) == 0) {
                    live.merge();
                    return null;
                }
                return live.seal();
            }

            @Override
            public long offHeapBytes() {
                return live.offHeapBytes();
            }

            @Override
            public void close() {
                live.close();
            }
        };
    }

    private Target store(Mutations start) throws IOException {
        GeoStore store = GeoStore.create(dir.resolve("store"), 60_000, LiveOptions.defaults().maxRetentionDays(30),
            StoreOptions.defaults().durability(StoreOptions.Durability.WRITE).mergeThreshold(256).checkpointLogBytes(8192));
        long seeded = store.apply(start);
        Mutations m = new Mutations();
        return new Target() {
            @Override
            public long opsBefore() {
                return seeded;
            }

            @Override
            public void apply(int op) throws IOException {
                m.clear();
                change(op, m);
                store.apply(m);
            }

            @Override
            public void match(Area area, long from, long to, Matches into) {
                store.match(area, from, to, NOW, MatchMode.POSITION, into);
            }

            @Override
            public LiveView view() {
                return store.view();
            }

            @Override
            public GeoIndex sealOrCheckpoint() throws IOException {
                store.checkpoint();
                return null;
            }

            @Override
            public long offHeapBytes() {
                return store.offHeapBytes();
            }

            @Override
            public void close() throws IOException {
                store.close();
            }
        };
    }

    private static List<Long> asList(long[] ids) {
        List<Long> list = new ArrayList<>(ids.length);
        for (long id : ids) {
            list.add(id);
        }
        return list;
    }

    /**
     * @return bytes of direct and mapped buffers the JDK counts as in use ({@code BufferPoolMXBean},
     *     reached by reflection: the core's module does not read {@code java.management})
     */
    static long directBytes() {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> pool = Class.forName("java.lang.management.BufferPoolMXBean");
            long used = 0;
            for (Object p : (List<?>) factory.getMethod("getPlatformMXBeans", Class.class).invoke(null, pool)) {
                String name = (String) pool.getMethod("getName").invoke(p);
                if (name.equals("direct") || name.equals("mapped")) {
                    used += (Long) pool.getMethod("getMemoryUsed").invoke(p);
                }
            }
            return used;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the JDK's buffer pools cannot be read", e);
        }
    }

    /** A body that may throw, run on a thread whose failures are collected. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, ConcurrentLinkedQueue<Throwable> failures, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                e.printStackTrace();
                failures.add(new AssertionError(name + " failed: " + e, e));
            }
        }, "stress-" + name);
        t.setDaemon(true);
        return t;
    }
}
