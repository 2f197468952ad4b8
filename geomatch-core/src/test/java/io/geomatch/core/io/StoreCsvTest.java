package io.geomatch.core.io;

import io.geomatch.core.Camera;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.Mutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loading into any {@link StoreCsv.Target}: rows arrive in order, in batches of
 * {@link StoreCsv#BATCH_ROWS}, each acknowledged after the target applied it; a change the target
 * refuses ends the load with the file and line of its row, after acknowledging the rows before it.
 */
class StoreCsvTest {
    @TempDir
    Path dir;

    private Path cameras(int rows) throws IOException {
        StringBuilder sb = new StringBuilder("id,lat,lon\n");
        for (int i = 1; i <= rows; i++) {
            sb.append(i).append(",41.8,-87.6\n");
        }
        return Files.write(dir.resolve("cameras.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Records the ids of the cameras it is given, refusing the one with {@code refuseId}. */
    private static StoreCsv.Target recording(List<Long> ids, List<Integer> batchSizes, long refuseId) {
        return batch -> {
            batchSizes.add(batch.size());
            List<Long> seen = new ArrayList<>();
            batch.forEach(new Mutations.Visitor() {
                @Override
                public void upsertCamera(Camera camera) {
                    seen.add(camera.id());
                }

                @Override
                public void deleteCamera(long id) {
                    throw new AssertionError();
                }

                @Override
                public void addFootage(long cameraId, long startMillis, long endMillis) {
                    throw new AssertionError();
                }

                @Override
                public void advanceClock(long nowMillis) {
                    throw new AssertionError();
                }
            });
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i) == refuseId) {
                    return new StoreCsv.Refusal(i, new InvalidInputException("id", refuseId, "is refused by the target"));
                }
                ids.add(seen.get(i));
            }
            return null;
        };
    }

    @Test
    void shouldApplyRowsInOrderInBatchesAndAcknowledgeEach() throws IOException {
        List<Long> ids = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        List<Long> acks = new ArrayList<>();

        long rows = StoreCsv.load(cameras(25_000), StoreCsv.Format.CAMERAS, recording(ids, batches, -1), 7, acks::add);

        assertThat(rows).isEqualTo(25_000);
        assertThat(batches).containsExactly(10_000, 10_000, 5_000);
        assertThat(acks).containsExactly(10_007L, 20_007L, 25_007L);
        assertThat(ids).hasSize(25_000);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void shouldEndAtARefusedRowWithItsLineAfterAcknowledgingTheRowsBeforeIt() throws IOException {
        List<Long> ids = new ArrayList<>();
        List<Long> acks = new ArrayList<>();
        Path file = cameras(25_000);

        assertThatThrownBy(() -> StoreCsv.load(file, StoreCsv.Format.CAMERAS, recording(ids, new ArrayList<>(), 12_345), 0, acks::add))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(file + " line 12346: id 12345 is refused by the target");
        assertThat(acks).containsExactly(10_000L, 12_344L);
        assertThat(ids).hasSize(12_344);
    }

    @Test
    void shouldUseTheBatchSizeItIsGiven() throws IOException {
        List<Integer> batches = new ArrayList<>();
        List<Long> acks = new ArrayList<>();

        StoreCsv.load(cameras(7_000), StoreCsv.Format.CAMERAS, recording(new ArrayList<>(), batches, -1), 3_000, 0, acks::add);

        assertThat(batches).containsExactly(3_000, 3_000, 1_000);
        assertThat(acks).containsExactly(3_000L, 6_000L, 7_000L);
    }
}
