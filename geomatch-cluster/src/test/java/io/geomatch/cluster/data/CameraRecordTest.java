package io.geomatch.cluster.data;

import io.geomatch.core.Camera;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** A record keeps a camera's view, and footage it holds is not appended again, by scan or by set. */
class CameraRecordTest {
    @Test
    void shouldKeepTheViewAndNotAppendFootageItHolds() {
        Camera camera = Camera.at(7, 41.87, -87.63).retentionDays(9).view(350.25, 60.5, 12.345);
        CameraRecord r = CameraRecord.of(camera, new long[] {10, 20, 30, 40}, 1);
        assertThat(r.camera(7)).isEqualTo(camera);
        assertThat(r.withCamera(camera.withoutView(), 2).camera(7)).isEqualTo(camera.withoutView());

        CameraRecord again = r.withFootage(new long[] {30, 40, 10, 20, 10, 21, 10, 21}, 2);
        assertThat(again.footagePairs()).containsExactly(10, 20, 30, 40, 10, 21);
        assertThat(again.camera(7)).isEqualTo(camera);
    }

    @Test
    void shouldNotAppendFootageItHoldsWhenTheSetIsUsed() {
        long[] many = new long[2 * 5_000];
        for (int i = 0; i < 5_000; i++) {
            many[2 * i] = i * 100L;
            many[2 * i + 1] = i * 100L + 50;
        }
        CameraRecord r = CameraRecord.of(Camera.at(1, 0, 0), many, 1);
        long[] replay = Arrays.copyOf(many, many.length + 2);
        replay[many.length] = 7;
        replay[many.length + 1] = 8;
        assertThat(r.withFootage(replay, 2).footageCount()).isEqualTo(5_001);
        assertThat(r.withFootage(many, 3).footagePairs()).containsExactly(many);
    }
}
