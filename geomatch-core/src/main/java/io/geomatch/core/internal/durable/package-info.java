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
 * checkpoints, in the order that keeps a crash between any two steps safe. Files are created,
 * written, forced, renamed and deleted through a {@link io.geomatch.core.internal.disk.Disk}, the
 * seam under which tests put a simulated device. The store's threads
 * and locks are described on {@link io.geomatch.core.GeoStore}; everything here is called by one
 * thread at a time.
 */
package io.geomatch.core.internal.durable;
