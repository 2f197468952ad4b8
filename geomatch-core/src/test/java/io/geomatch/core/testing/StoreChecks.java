package io.geomatch.core.testing;

import io.geomatch.core.LiveView;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the store tests: turning scripted changes into batches, and comparing a store with a model. */
public final class StoreChecks {
    private StoreChecks() {
    }

    /**
     * @param ops a script
     * @param count how many of its changes to apply
     * @param bucketMillis the bucket size
     * @return the model after the first {@code count} changes of {@code ops}
     */
    public static LiveModel modelAfter(List<LiveOp> ops, int count, long bucketMillis) {
        LiveModel m = new LiveModel(bucketMillis);
        for (int i = 0; i < count; i++) {
            m.apply(ops.get(i));
        }
        return m;
    }

    /**
     * The view answers as the model does, for {@code queries} random queries.
     *
     * @param view the index's state
     * @param model the expected state
     * @param script draws the queries
     * @param queries how many
     * @param where what to name in a failure
     */
    public static void assertSame(LiveView view, LiveModel model, LiveScript script, int queries, String where) {
        assertThat(view.opCount()).as(where + " changes").isEqualTo(model.ops);
        assertThat(view.cameraCount()).as(where + " cameras").isEqualTo(model.cameras.size());
        assertThat(view.clockMillis()).as(where + " clock").isEqualTo(model.clock);
        for (int q = 0; q < queries; q++) {
            LiveScript.Query query = queryFor(script, model);
            assertThat(view.matchIds(query.area(), query.from(), query.to(), query.now()))
                .as(where + " query " + query)
                .containsExactly(model.match(query.region(), query.from(), query.to(), query.now()));
        }
    }

    private static LiveScript.Query queryFor(LiveScript script, LiveModel model) {
        LiveScript.Query q = script.query();
        long now = Math.max(q.now(), model.clock);
        return new LiveScript.Query(q.area(), q.region(), q.from(), q.to(), now, q.text());
    }
}
