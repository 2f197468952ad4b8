/**
 * Internal: off-heap memory that is freed deterministically, and the budget an index keeps of it.
 * Not supported API.
 *
 * <p><b>Scheme: reference counts, taken per query.</b> Every sealed segment (a base, or a tier of
 * footage) owns its off-heap columns through one {@link io.geomatch.core.internal.memory.Shared}:
 * a count of holders, one at creation. Holders are: the state of a live index that includes the
 * segment (the writer's current generation of segments holds each of them once), every user
 * handle (a {@code GeoIndex}, an open {@code LiveView}, a {@code Merged} base a checkpoint is
 * writing), and every query while it runs. A query takes one hold on the generation it reads
 * (one compare-and-set), which holds its segments, and gives it back when it returns (one atomic
 * decrement): so a query never retains per segment, and costs two atomic operations on one
 * field. The release that brings a count to zero frees the memory at once, on that thread:
 * {@link io.geomatch.core.internal.memory.OffHeap#free} hands a direct allocation back to the JDK
 * or unmaps a mapped section; the garbage collector is not involved. A reader that races the last
 * release fails to retain ({@code tryRetain} sees zero) and, never having read anything, takes the
 * writer's newer state, or reports that its handle is closed; so no thread ever reads freed memory.
 *
 * <p>What a result holds: a live query copies the ids of its matches out of the segment before it
 * lets go, so a {@code Matches} never points into memory a later merge may free; a sealed query
 * keeps ordinals and reads their ids on demand, retaining the segment for the read, and a result
 * of a closed index whose memory is gone refuses with an {@code IllegalStateException}.
 *
 * <p>{@link io.geomatch.core.internal.memory.MemoryBudget} counts the bytes of every segment an
 * index has created or adopted until it is actually freed (a retired segment still read by a view
 * counts), against an optional limit: the writer checks it before each change and waits, for a
 * bounded time, for memory to be freed before it refuses.
 */
package io.geomatch.core.internal.memory;
