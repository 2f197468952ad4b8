package io.geomatch.cluster.data;

/**
 * The identities under which the cluster's values and tasks travel and are stored: one Hazelcast
 * {@code IdentifiedDataSerializable} factory, and a class id per type. Ids are part of the wire
 * and storage format of a running cluster: never reuse or renumber one.
 */
public final class Wire {
    /** The factory id of every geomatch type. */
    public static final int FACTORY_ID = 0x6765_6f6d;

    /** {@link CameraKey}. */
    public static final int CAMERA_KEY = 1;
    /** {@link ShardKey}. */
    public static final int SHARD_KEY = 2;
    /** {@link CameraRecord}. */
    public static final int CAMERA_RECORD = 3;
    /** {@link ClusterSettings}. */
    public static final int SETTINGS = 4;
    /** {@link AreaDefinition}. */
    public static final int AREA = 5;
    /** {@link ShardAnswer}. */
    public static final int SHARD_ANSWER = 6;
    /** {@link Bumped}. */
    public static final int BUMPED = 7;
    /** {@link ChangeOutcome}. */
    public static final int CHANGE_OUTCOME = 8;
    /** {@link MemberReport}. */
    public static final int MEMBER_REPORT = 10;
    /** {@link IndexChange}. */
    public static final int INDEX_CHANGE = 11;
    /** The member-side processors and tasks take ids from here on. */
    public static final int FIRST_TASK_ID = 100;

    private Wire() {
    }
}
