package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several readers query a live index while one writer changes it and background merges replace
 * its base. Before publishing change {@code k}, the writer works out by brute force what each of
 * a fixed set of queries must answer in state {@code k}; a reader that holds a view of state
 * {@code k} must get exactly that, never a mix of two states.
 */
class LiveIndexConcurrencyTest {
    private static final int CHANGES = 1500;
    private static final int READERS = 3;

    @Test
    void shouldShowEveryReaderExactlyOnePublishedState() throws Exception {
        LiveModel model = new LiveModel(60_000);
        LiveScript script = new LiveScript(77, model, 30, Long.MAX_VALUE);
        List<LiveScript.Query> queries = new ArrayList<>();
        for (int q = 0; q < 12; q++) {
            queries.add(script.query());
        }
        long[][][] expected = new long[CHANGES + 1][][];
        expected[0] = expectations(model, queries);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try (LiveIndex live = LiveIndex.create(60_000, LiveOptions.defaults().maxRetentionDays(30).mergeThreshold(64))) {
            List<Future<long[]>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                long seed = r;
                readers.add(pool.submit(() -> read(live, queries, expected, done, seed)));
            }
            for (int k = 1; k <= CHANGES; k++) {
                LiveOp op = script.next();
                model.apply(op);
                expected[k] = expectations(model, queries);
                op.applyTo(live);
            }
            done.set(true);
            long states = 0;
            long nonEmpty = 0;
            for (Future<long[]> reader : readers) {
                long[] seen = reader.get();
                states += seen[0];
                nonEmpty += seen[1];
            }
            assertThat(live.view().opCount()).isEqualTo(CHANGES);
            // The readers really overlapped the writer, and the answers were not trivially empty.
            assertThat(states).isGreaterThan(READERS * 50L);
            assertThat(nonEmpty).isGreaterThan(READERS * 50L);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] read(LiveIndex live, List<LiveScript.Query> queries, long[][][] expected, AtomicBoolean done, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Matches matches = new Matches();
        long lastState = -1;
        long states = 0;
        long nonEmpty = 0;
        while (!done.get()) {
            LiveView view = live.view();
            int k = (int) view.opCount();
            assertThat(k).isGreaterThanOrEqualTo((int) lastState);
            states += k != lastState ? 1 : 0;
            lastState = k;
            int q = random.nextInt(queries.size());
            LiveScript.Query query = queries.get(q);
            view.match(query.area(), query.from(), query.to(), nowFor(view.clockMillis()), matches);
            long[] ids = matches.ids();
            assertThat(ids).as("state " + k + " query " + q).containsExactly(expected[k][q]);
            nonEmpty += ids.length > 0 ? 1 : 0;
        }
        return new long[] {states, nonEmpty};
    }

    private static long nowFor(long clock) {
        return Math.max(clock, LiveScript.T0) + 12 * 3_600_000L;
    }

    private static long[][] expectations(LiveModel model, List<LiveScript.Query> queries) {
        long[][] e = new long[queries.size()][];
        for (int q = 0; q < queries.size(); q++) {
            LiveScript.Query query = queries.get(q);
            e[q] = model.match(query.region(), query.from(), query.to(), nowFor(model.clock));
        }
        return e;
    }
}
