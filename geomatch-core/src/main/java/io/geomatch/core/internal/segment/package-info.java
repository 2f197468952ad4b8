/**
 * Internal: how a sealed segment is laid out in memory and on disk. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.segment.IndexColumns} is a set of off-heap columns indexed by
 * camera ordinal (Morton order): a 16-byte coordinate row (the Morton key is recomputed, not
 * stored), a 24-byte camera row (128-slot footage summary mask, first footage run, retention class
 * and flags), ids, and the merged footage bucket runs. A query touches the two rows of a candidate
 * and, rarely, its runs. {@link io.geomatch.core.internal.segment.ColumnWriter} is the one writer
 * of that layout (and holds the one formula for the slot width), in one pass (the live merger) or
 * in blocks of ordinals written by several threads at once (the builder). The
 * {@link io.geomatch.core.internal.segment.IndexAssembler} turns the builder's arrays
 * ({@link io.geomatch.core.internal.segment.FootageBlocks} for the footage) into columns on all
 * cores: Morton keys, a parallel radix sort, then one task per block of ordinals that merges each
 * camera's intervals into runs and writes its rows; the result is byte for byte the same whatever
 * the number of threads or the block size.
 *
 * <p>{@link io.geomatch.core.internal.segment.SnapshotFile} writes columns atomically through
 * {@link io.geomatch.core.internal.disk.AtomicFile} (temporary file, fsync, rename) with a
 * versioned header, a section table, CRC32C checksums and, since format version 4, a block table
 * with a checksum per block of 8,192 cameras (version 5 adds runs of 4 bytes, two unsigned
 * 16-bit buckets, used whenever the footage spans at most 65,535 buckets). Opening memory-maps each section and verifies at
 * once what every query relies on (coordinates, small sections, the block table); the
 * {@link io.geomatch.core.internal.segment.BlockVerifier} verifies each block's camera rows, ids
 * and runs the first time a query reads it, so opening does not read the bulk of the file, and a
 * corrupt block fails the queries that would read it with an {@code IndexFormatException}
 * (wrapped, since queries throw no checked exception), never a wrong answer. Accesses go
 * through Agrona buffers with bounds checks on, except the per-camera loops of a query (the edge
 * scan, the footage pass, the view pass's scan), which check a cell's or the candidates' whole
 * range once and then read through Agrona's {@code UnsafeAccess}. Columns are immutable once built and
 * safe to read from any thread.
 */
package io.geomatch.core.internal.segment;
