/**
 * Internal: how a {@link io.geomatch.core.GeoStore} keeps its state on disk. Not supported API.
 *
 * <p>A store directory holds a description ({@code STORE}), a pointer to the current checkpoint
 * ({@code CHECKPOINT}), checkpoint snapshots in the sealed-index format, and write-ahead log
 * segments ({@link io.geomatch.core.internal.durable.WalFormat}): every change as one length-prefixed,
 * CRC32C-checked record with its change number. {@link io.geomatch.core.internal.durable.WalWriter}
 * appends groups of records; {@link io.geomatch.core.internal.durable.StoreFiles} names the files and
 * reads and writes the small ones atomically. Recovery replays the log from the checkpoint's
 * change number on, cuts a torn tail off the newest segment and refuses any other damage.
 */
package io.geomatch.core.internal.durable;
