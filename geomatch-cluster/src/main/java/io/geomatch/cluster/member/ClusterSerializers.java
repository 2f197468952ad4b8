package io.geomatch.cluster.member;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.AreaDefinition;
import io.geomatch.cluster.data.Bumped;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.ChangeOutcome;
import io.geomatch.cluster.data.ClusterSettings;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.cluster.data.MemberReport;
import io.geomatch.cluster.data.ShardAnswer;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.cluster.data.Wire;

/**
 * Makes every geomatch type from its class id, for Hazelcast's {@code IdentifiedDataSerializable}
 * (no reflection, no class names on the wire). Registered under {@link Wire#FACTORY_ID} on every
 * member and client. Stateless.
 */
public final class ClusterSerializers implements DataSerializableFactory {
    /** Creates the factory. */
    public ClusterSerializers() {
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case Wire.CAMERA_KEY -> new CameraKey();
            case Wire.SHARD_KEY -> new ShardKey();
            case Wire.CAMERA_RECORD -> new CameraRecord();
            case Wire.SETTINGS -> new ClusterSettings();
            case Wire.AREA -> new AreaDefinition();
            case Wire.SHARD_ANSWER -> new ShardAnswer();
            case Wire.BUMPED -> new Bumped();
            case Wire.CHANGE_OUTCOME -> new ChangeOutcome();
            case Wire.MEMBER_REPORT -> new MemberReport();
            case Wire.INDEX_CHANGE -> new IndexChange();
            case TaskIds.CLOSE_WRITE -> new CloseWriteProcessor();
            case TaskIds.BUMP -> new BumpProcessor();
            case TaskIds.REPLICA_WRITE -> new ReplicaWrite<>();
            case TaskIds.CHANGE -> new ChangeProcessor();
            case TaskIds.QUERY -> new QueryProcessor();
            case TaskIds.SNAPSHOT -> new SnapshotProcessor();
            case TaskIds.STATUS -> new StatusTask();
            default -> null;
        };
    }
}
