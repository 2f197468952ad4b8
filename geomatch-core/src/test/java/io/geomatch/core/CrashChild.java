package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process {@link GeoStoreCrashTest} kills: opens (or creates) a store and applies a fixed,
 * seeded script of changes from wherever the store stands, printing {@code acked N} after every
 * batch. Small merge and checkpoint thresholds make it merge and checkpoint all the time, so a
 * kill lands in every phase.
 */
public final class CrashChild {
    static final long BUCKET_MILLIS = 60_000;

    private CrashChild() {
    }

    /** @return the whole script for a seed: the same in the parent and in every child */
    static List<LiveOp> script(long seed, int changes) {
        LiveModel model = new LiveModel(BUCKET_MILLIS);
        LiveScript script = new LiveScript(seed, model, 30, Long.MAX_VALUE);
        List<LiveOp> ops = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++) {
            LiveOp op = script.next();
            model.apply(op);
            ops.add(op);
        }
        return ops;
    }

    static StoreOptions options(boolean fsync) {
        return StoreOptions.defaults().durability(fsync ? StoreOptions.Durability.FSYNC : StoreOptions.Durability.WRITE)
            .checkpointLogBytes(16_384).mergeThreshold(128);
    }

    /**
     * @param args store directory, seed, number of changes, "fsync" or "write"
     * @throws Exception on any failure (the parent sees the exit code)
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int changes = Integer.parseInt(args[2]);
        StoreOptions options = options(args[3].equals("fsync"));
        List<LiveOp> ops = script(seed, changes);
        PrintStream out = System.out;
        try (GeoStore store = Files.exists(dir.resolve("STORE")) ? GeoStore.open(dir, options)
            : GeoStore.create(dir, BUCKET_MILLIS, LiveOptions.defaults().maxRetentionDays(30), options)) {
            SplittableRandom random = new SplittableRandom(seed ^ store.durableOps());
            int next = (int) store.durableOps();
            out.println("start " + next);
            out.flush();
            while (next < changes) {
                Mutations m = new Mutations();
                int size = Math.min(changes - next, 1 + random.nextInt(40));
                for (int i = 0; i < size; i++) {
                    ops.get(next + i).addTo(m);
                }
                long acked = store.apply(m);
                next += size;
                out.println("acked " + acked);
                out.flush();
            }
        }
        out.println("done");
        out.flush();
    }
}
