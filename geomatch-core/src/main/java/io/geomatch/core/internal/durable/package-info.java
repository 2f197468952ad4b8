/**
 * Internal: how a {@link io.geomatch.core.GeoStore} keeps its state on disk and brings it back.
 * Not supported API.
 *
 * <p>A store directory holds a description ({@code STORE}), a pointer to the current checkpoint
 * ({@code CHECKPOINT}), checkpoint snapshots in the sealed-segment format, and write-ahead log
 * segments ({@link io.geomatch.core.internal.durable.StoreFiles} names them and reads and writes
 * the small ones atomically). {@link io.geomatch.core.internal.durable.WalFormat} is the one
 * encoding of a {@link io.geomatch.core.internal.live.Change} on disk: a length-prefixed,
 * CRC32C-checked record with its change number, which replay decodes back into the same tuple.
 * {@link io.geomatch.core.internal.durable.WalWriter} appends groups of records and forces them.
 * {@link io.geomatch.core.internal.durable.Recovery} maps the checkpoint, replays the log after it
 * through {@link io.geomatch.core.internal.live.LiveWriter#stage} (the same call a commit makes),
 * cuts a torn tail off the newest segment and refuses any other damage; it also writes
 * checkpoints, in the order that keeps a crash between any two steps safe.
 *
 * <p>Every change to the store's files goes through a {@link io.geomatch.core.internal.disk.Disk}
 * (only creating the directory and its lock file do not), so that tests can put a simulated
 * device under it. The rules that keep the store right when that
 * device loses unforced data or fails a force: a new segment's name is forced into the directory
 * before anything is written to it (and a leftover file of that name is deleted, not reused); a
 * file is replaced only through {@link io.geomatch.core.internal.disk.AtomicFile}; nothing is
 * deleted on the strength of a checkpoint pointer that this process has not written and forced
 * itself; after a failed log write or force the store writes nothing more until reopened; and
 * recovery writes again every segment it replayed (cut at its torn tail), {@code STORE}, and
 * {@code CHECKPOINT} before it deletes a snapshot the pointer does not name, because what it read
 * may be in the page cache only, before the store goes on after it. The store's threads and locks
 * are described on {@link io.geomatch.core.GeoStore}; everything here is called by one thread at
 * a time.
 */
package io.geomatch.core.internal.durable;
