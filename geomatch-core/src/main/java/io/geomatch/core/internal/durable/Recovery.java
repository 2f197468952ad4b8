package io.geomatch.core.internal.durable;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.disk.Disk;
import io.geomatch.core.internal.live.LiveWriter;
import io.geomatch.core.internal.live.Merged;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.SnapshotFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a store directory holds, brought back into memory, and the one way its checkpoints are
 * written. {@link #recover} maps the current checkpoint (verifying it), replays the log after it
 * into a {@link LiveWriter}, and, unless read-only, cuts a torn tail off the newest segment and
 * deletes files a crash left behind. {@link #writeCheckpoint} writes the files of a checkpoint in
 * the order that keeps a crash between any two steps safe.
 */
public final class Recovery {
    /**
     * A recovered store.
     *
     * @param live the live writer holding every durable change, all published
     * @param durableLsn how many changes are durable: the next change number
     * @param checkpointLsn how many of them the checkpoint holds
     */
    public record Recovered(LiveWriter live, long durableLsn, long checkpointLsn) {
    }

    private Recovery() {
    }

    /**
     * @param disk the disk to change the directory through, unless read-only
     * @param dir the store directory
     * @param description its description
     * @param mergeThreshold the live writer's merge threshold
     * @param readOnly whether to leave the directory untouched (no deletes, no truncation)
     * @return the recovered state
     * @throws IndexFormatException if the checkpoint or the log is corrupted, or the log has a gap
     * @throws IOException if files cannot be read (or, unless read-only, written)
     */
    public static Recovered recover(Disk disk, Path dir, StoreFiles.Description description, int mergeThreshold, boolean readOnly)
        throws IOException {
        if (!readOnly) {
            StoreFiles.deleteTemporaries(disk, dir);
        }
        StoreFiles.Checkpoint checkpoint = StoreFiles.readCheckpoint(dir);
        long lsn = checkpoint == null ? 0 : checkpoint.lsn();
        long clock = checkpoint == null ? LiveWriter.NO_CLOCK : checkpoint.clockMillis();
        SealedIndex base;
        if (checkpoint == null) {
            base = SealedIndex.empty(description.bucketMillis());
        } else {
            base = SealedIndex.open(dir.resolve(StoreFiles.snapshotName(lsn)));
            if (base.bucketMillis() != description.bucketMillis()) {
                throw new IndexFormatException("store " + dir + ": checkpoint has bucketMillis " + base.bucketMillis()
                    + " but the store " + description.bucketMillis());
            }
        }
        if (!readOnly) {
            for (long other : StoreFiles.snapshots(dir)) {
                if (other != lsn) {
                    disk.delete(dir.resolve(StoreFiles.snapshotName(other)));
                }
            }
        }
        LiveWriter live = new LiveWriter(base, description.maxRetentionDays(), description.latenessMillis(), mergeThreshold, true,
            clock, lsn);
        try {
            long durable = replay(dir, live, lsn, readOnly);
            return new Recovered(live, durable, lsn);
        } catch (IOException | RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    /** Replays the log after the checkpoint into the live writer. @return the next change number */
    private static long replay(Path dir, LiveWriter live, long checkpoint, boolean readOnly) throws IOException {
        long[] segments = StoreFiles.walSegments(dir);
        long expected = checkpoint;
        int publishEvery = live.publishEvery();
        int[] staged = {0};
        boolean started = false;
        for (int i = 0; i < segments.length; i++) {
            boolean last = i + 1 == segments.length;
            if (!last && segments[i + 1] <= checkpoint) {
                continue;
            }
            Path file = dir.resolve(StoreFiles.walName(segments[i]));
            long from = started ? expected : checkpoint;
            if (segments[i] > from) {
                throw new IndexFormatException("store " + dir + ": the log is missing changes " + from + ".." + (segments[i] - 1)
                    + (started ? "" : " after the checkpoint") + " (segment " + file.getFileName() + " starts at change " + segments[i] + ")");
            }
            if (started && segments[i] < expected) {
                throw new IndexFormatException("store " + dir + ": log segment " + file.getFileName() + " starts at change "
                    + segments[i] + ", inside the segment before it (corrupted)");
            }
            started = true;
            WalFormat.Replayed r;
            try {
                r = WalFormat.replay(file, segments[i], last, (changeLsn, kind, id, first, second, attributes, view) -> {
                    if (changeLsn >= checkpoint) {
                        live.stage(kind, id, first, second, attributes, view);
                        if (++staged[0] % publishEvery == 0) {
                            live.publish();
                        }
                    }
                });
            } catch (InvalidInputException | IllegalStateException e) {
                throw new IndexFormatException("store " + dir + ": log " + file.getFileName() + " holds a change that cannot be replayed: "
                    + e.getMessage());
            }
            expected = Math.max(expected, r.nextLsn());
            if (r.torn() && !readOnly) {
                // Truncated directly, not through the disk: a gap in the seam.
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(r.goodBytes());
                    ch.force(true);
                }
            }
        }
        live.publish();
        return expected;
    }

    /**
     * Writes a checkpoint: the snapshot, then the pointer to it, then deletes the snapshots and
     * log segments it makes obsolete, then forces the directory. A crash between any two steps
     * leaves a store that recovers every change: the old pointer still names an existing
     * snapshot, and every segment after it is still there.
     *
     * @param disk the disk to write through
     * @param dir the store directory
     * @param merged the base to write and the state it holds
     * @throws IOException if a file cannot be written
     */
    public static void writeCheckpoint(Disk disk, Path dir, Merged merged) throws IOException {
        long lsn = merged.opCount();
        SnapshotFile.write(merged.base().columns(), dir.resolve(StoreFiles.snapshotName(lsn)), disk);
        StoreFiles.writeCheckpoint(disk, dir, new StoreFiles.Checkpoint(lsn, merged.clockMillis()));
        for (long other : StoreFiles.snapshots(dir)) {
            if (other < lsn) {
                disk.delete(dir.resolve(StoreFiles.snapshotName(other)));
            }
        }
        long[] segments = StoreFiles.walSegments(dir);
        for (int i = 0; i + 1 < segments.length && segments[i + 1] <= lsn; i++) {
            disk.delete(dir.resolve(StoreFiles.walName(segments[i])));
        }
        disk.syncDirectory(dir);
    }
}
