/**
 * Internal: how a sealed segment is laid out in memory and on disk. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.segment.IndexColumns} is a set of off-heap columns indexed by
 * camera ordinal (Morton order): a 16-byte coordinate row (the Morton key is recomputed, not
 * stored), a 24-byte camera row (128-slot footage summary mask, first footage run, retention class
 * and flags), ids, and the merged footage bucket runs. A query touches the two rows of a candidate
 * and, rarely, its runs. {@link io.geomatch.core.internal.segment.ColumnWriter} is the one writer
 * of that layout (and holds the one formula for the slot width); the
 * {@link io.geomatch.core.internal.segment.IndexAssembler} uses it to turn the builder's arrays into
 * columns, and the live merger to write merged segments. {@link io.geomatch.core.internal.segment.SnapshotFile}
 * writes columns atomically through {@link io.geomatch.core.internal.disk.AtomicFile}
 * (temporary file, fsync, rename) with a versioned header, a section table and a CRC32C per
 * section, and opens them by memory-mapping each section after verifying checksums and
 * structure. Every access goes through Agrona buffers with bounds checks on (they can be disabled
 * only with Agrona's own system property, which benchmarks may set and tests never do). Columns
 * are immutable once built and safe to read from any thread.
 */
package io.geomatch.core.internal.segment;
