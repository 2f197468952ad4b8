package io.geomatch.cluster.member;

import io.geomatch.cluster.data.Wire;

/** Class ids of the member-side processors and tasks, after {@link Wire#FIRST_TASK_ID}; part of the wire format. */
final class TaskIds {
    static final int BUMP = Wire.FIRST_TASK_ID;
    // Wire.FIRST_TASK_ID + 1 was SetValue, the backup of a write before backups were indexed: retired, not reused.
    static final int CHANGE = Wire.FIRST_TASK_ID + 2;
    static final int CLOSE_WRITE = Wire.FIRST_TASK_ID + 3;
    static final int QUERY = Wire.FIRST_TASK_ID + 4;
    static final int SNAPSHOT = Wire.FIRST_TASK_ID + 5;
    static final int STATUS = Wire.FIRST_TASK_ID + 6;
    static final int REPLICA_WRITE = Wire.FIRST_TASK_ID + 7;

    private TaskIds() {
    }
}
