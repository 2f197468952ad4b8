package io.geomatch.core.internal.live;

import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.query.SealedIndex;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link LiveWriter#close} against calls that wait for the merge thread, which lets go of the lock:
 * a {@code seal} waiting for a merge must not merge after a {@code close} that ran meanwhile has
 * taken the generation it lets go of (that merge would let go of it a second time, and free the
 * memory of the state a view may still read), and two {@code close} calls let go of it once.
 * A merge listener holds a full merge on the merge thread while the calls line up behind it;
 * which waiter gets the lock first when it ends is up to the JVM, so the race is run many times.
 */
class LiveWriterCloseTest {
    private static final long BUCKET_MILLIS = 60_000L;
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void shouldNeitherMergeAfterCloseNorLetGoOfTheStateTwice() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            for (int round = 0; round < 40; round++) {
                LiveWriter writer = new LiveWriter(SealedIndex.empty(BUCKET_MILLIS), 30, 0, 1 << 20, true, NOW, 0);
                writer.setPolicy(LiveWriter.FULL);
                CountDownLatch inListener = new CountDownLatch(1);
                CountDownLatch letGo = new CountDownLatch(1);
                writer.setMergeListener(merged -> {
                    inListener.countDown();
                    await(letGo);
                });
                upsert(writer, 1);
                Future<?> merge = threads.submit(() -> catchThrowable(() -> writer.merge().close()));
                assertThat(inListener.await(10, TimeUnit.SECONDS)).as("round %d: the merge reached the listener", round).isTrue();
                // A change the merge does not hold: a seal after it has work to do.
                upsert(writer, 2);
                Future<Throwable> seal = threads.submit(() -> catchThrowable(() -> writer.seal().close()));
                Future<Throwable> close = threads.submit(() -> catchThrowable(writer::close));
                Future<Throwable> secondClose = threads.submit(() -> catchThrowable(writer::close));
                Thread.sleep(5);
                letGo.countDown();

                assertThat(close.get(10, TimeUnit.SECONDS)).as("round %d: close", round).isNull();
                assertThat(secondClose.get(10, TimeUnit.SECONDS)).as("round %d: second close", round).isNull();
                Throwable sealed = seal.get(10, TimeUnit.SECONDS);
                if (sealed != null) {
                    assertThat(sealed).as("round %d: a seal that lost the race", round).isInstanceOf(IllegalStateException.class)
                        .hasMessageEndingWith("is closed");
                }
                merge.get(10, TimeUnit.SECONDS);
                assertThat(catchThrowable(writer::acquireCurrent)).as("round %d", round).hasMessageEndingWith("is closed");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void upsert(LiveWriter writer, long id) {
        writer.apply(Change.UPSERT, id, Double.doubleToRawLongBits(40.7), Double.doubleToRawLongBits(-74.0), 30, CameraView.NONE);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
