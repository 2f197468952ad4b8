package io.geomatch.core.internal.durable;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.disk.AtomicFile;
import io.geomatch.core.internal.disk.Disk;
import io.geomatch.core.internal.live.LiveWriter;
import io.geomatch.core.internal.live.Merged;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.SnapshotFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a store directory holds, brought back into memory, and the one way its checkpoints are
 * written. {@link #recover} maps the current checkpoint (verifying it), replays the log after it
 * into a {@link LiveWriter}, and, unless read-only, makes what it recovered durable and deletes
 * files a crash left behind. {@link #writeCheckpoint} writes the files of a checkpoint in the
 * order that keeps a crash between any two steps safe.
 *
 * <p><b>Why recovery rewrites the log.</b> What recovery reads is what the operating system
 * holds, which need not be what reached the device: records written but never forced (the
 * unacknowledged group a crashed process was writing, any record of durability {@code WRITE}), or
 * records whose force failed, which Linux then marks clean without writing them, so that no later
 * force writes them either. Recovery hands those changes out as recovered, and the store goes on
 * writing new segments after them; if they were then lost in a power failure, the log would have
 * a hole before acknowledged changes. So recovery writes every segment it replayed again, as a
 * new file (cut at its torn tail, if any), forced and renamed over the old one
 * ({@link AtomicFile}), before the store accepts a change: everything it recovered is then on
 * the device. A clean close that wrote a checkpoint leaves no log, so in practice only a crash or
 * a failure costs this copy, of at most about {@code checkpointLogBytes}. For the same reason
 * the {@code CHECKPOINT} pointer is written again before recovery deletes any snapshot it does
 * not name, and {@code STORE} is written again at every recovery: a {@code create} that died
 * before forcing the directory leaves it in the page cache only, and if the next directory force
 * failed, no later one would make its name durable.
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

    /** Bytes copied at a time when a segment is rewritten. */
    private static final int COPY_CHUNK = 1 << 20;

    private Recovery() {
    }

    /**
     * @param disk the disk to change the directory through, unless read-only
     * @param dir the store directory
     * @param description its description
     * @param mergeThreshold the live writer's merge threshold
     * @param readOnly whether to leave the directory untouched (no deletes, no rewriting)
     * @return the recovered state, durable on the device unless read-only
     * @throws IndexFormatException if the checkpoint or the log is corrupted, or the log has a gap
     * @throws IOException if files cannot be read (or, unless read-only, written)
     */
    public static Recovered recover(Disk disk, Path dir, StoreFiles.Description description, int mergeThreshold, boolean readOnly)
        throws IOException {
        if (!readOnly) {
            StoreFiles.deleteTemporaries(disk, dir);
            StoreFiles.writeDescription(disk, dir, description);
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
        LiveWriter live = new LiveWriter(base, description.maxRetentionDays(), description.latenessMillis(), mergeThreshold, true,
            clock, lsn);
        try {
            List<Segment> replayed = new ArrayList<>();
            long durable = replay(dir, live, lsn, replayed);
            if (!readOnly) {
                for (Segment segment : replayed) {
                    rewrite(disk, segment);
                }
                deleteOtherSnapshots(disk, dir, checkpoint);
            }
            return new Recovered(live, durable, lsn);
        } catch (IOException | RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    /** A log segment that was replayed, and how much of it is good. */
    private record Segment(Path file, WalFormat.Replayed replayed) {
    }

    /**
     * Replays the log after the checkpoint into the live writer.
     *
     * @param replayed receives each segment replayed
     * @return the next change number
     */
    private static long replay(Path dir, LiveWriter live, long checkpoint, List<Segment> replayed) throws IOException {
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
            replayed.add(new Segment(file, r));
        }
        live.publish();
        return expected;
    }

    /**
     * Writes a replayed segment again, up to its last good record, as a new file renamed over it:
     * see the class comment.
     */
    private static void rewrite(Disk disk, Segment segment) throws IOException {
        if (segment.replayed().fileBytes() == 0) {
            return;
        }
        long good = segment.replayed().goodBytes();
        AtomicFile.write(disk, segment.file(), out -> {
            try (FileChannel in = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(good, COPY_CHUNK));
                for (long at = 0; at < good; ) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), good - at));
                    if (in.read(chunk, at) < 0) {
                        throw new IOException("log " + segment.file() + " ended at " + at + " bytes while being copied, "
                            + good + " expected");
                    }
                    chunk.flip();
                    while (chunk.hasRemaining()) {
                        at += out.write(chunk);
                    }
                }
            }
        });
    }

    /**
     * Deletes the snapshots the checkpoint does not name, after writing the pointer again: its
     * last replacement may have failed to reach the device, and then the old pointer, naming one
     * of these snapshots, would come back after a power failure.
     */
    private static void deleteOtherSnapshots(Disk disk, Path dir, StoreFiles.Checkpoint checkpoint) throws IOException {
        long current = checkpoint == null ? -1 : checkpoint.lsn();
        boolean pointerRewritten = checkpoint == null;
        for (long other : StoreFiles.snapshots(dir)) {
            if (other != current) {
                if (!pointerRewritten) {
                    StoreFiles.writeCheckpoint(disk, dir, checkpoint);
                    pointerRewritten = true;
                }
                disk.delete(dir.resolve(StoreFiles.snapshotName(other)));
            }
        }
    }

    /**
     * Writes a checkpoint: the snapshot, then the pointer to it, then deletes the snapshots and
     * log segments it makes obsolete, then forces the directory. A crash between any two steps
     * leaves a store that recovers every change: the old pointer still names an existing
     * snapshot, and every segment after it is still there.
     *
     * <p>If it fails, nothing was deleted: the pointer on the device names this snapshot or the
     * one before, and the log after either is complete.
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
