package io.geomatch.examples.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Red-team round 2, F5: one caller cannot flush another's keys, and only successes are replayed. */
class IdempotencyTest {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static Idempotency.Answer ok() {
        return new Idempotency.Answer(202, "{\"id\":\"req_1\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepACallersKeyWhileAnotherCallerFloodsItsOwn() {
        Idempotency store = new Idempotency();
        assertThat(store.begin("AGENCY:a", "POST /v1/requests k", BODY)).isInstanceOf(Idempotency.Proceed.class);
        store.finish("AGENCY:a", "POST /v1/requests k", ok());
        for (int i = 0; i < 3 * Idempotency.MAX_ENTRIES_PER_CALLER; i++) {
            String key = "POST /v1/devices/x/clips r" + i;
            store.begin("OWNER:o", key, BODY);
            store.finish("OWNER:o", key, ok());
        }
        assertThat(store.begin("AGENCY:a", "POST /v1/requests k", BODY)).isInstanceOf(Idempotency.Replay.class);
        // the flooder's own store is bounded: its oldest key is gone, its newest kept
        assertThat(store.begin("OWNER:o", "POST /v1/devices/x/clips r0", BODY)).isInstanceOf(Idempotency.Proceed.class);
        String newest = "POST /v1/devices/x/clips r" + (3 * Idempotency.MAX_ENTRIES_PER_CALLER - 1);
        assertThat(store.begin("OWNER:o", newest, BODY)).isInstanceOf(Idempotency.Replay.class);
    }

    @Test
    void shouldForgetRefusalsAndErrors() {
        Idempotency store = new Idempotency();
        for (int status : new int[] {404, 422, 429, 500}) {
            String key = "POST /v1/requests s" + status;
            assertThat(store.begin("AGENCY:a", key, BODY)).isInstanceOf(Idempotency.Proceed.class);
            store.finish("AGENCY:a", key, new Idempotency.Answer(status, BODY));
            assertThat(store.begin("AGENCY:a", key, BODY)).as("status %d", status).isInstanceOf(Idempotency.Proceed.class);
        }
    }
}
