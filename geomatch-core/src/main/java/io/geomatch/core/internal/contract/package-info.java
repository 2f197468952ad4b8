/**
 * Internal: the matching contract's rules, each written once. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.contract.TimeBuckets} is the time arithmetic of the
 * README's "Matching contract": the bucket of an instant, the last bucket of an interval, the first bucket still
 * retained at a moment. {@link io.geomatch.core.internal.contract.CameraAttributes} packs a
 * camera's retention and eligibility flags into one int, the form the layers below the API pass
 * (builder, delta, mutations; the write-ahead log and the columns store narrower encodings), and
 * {@link io.geomatch.core.internal.contract.CameraView} packs its optional view (heading, field
 * of view, range) into one long at the precision the index keeps. {@link
 * io.geomatch.core.internal.contract.Checks} holds the input limits and throws the one-line
 * {@link io.geomatch.core.InvalidInputException} for a value outside them. {@link
 * io.geomatch.core.internal.contract.FloorDivider} is the bucket arithmetic's division by a fixed
 * bucket size (or slot width) without a division instruction, for the paths that divide every
 * clip. Every other package calls these instead of repeating them; all are stateless or
 * immutable, allocation-free (but for the exceptions) and safe from any thread.
 */
package io.geomatch.core.internal.contract;
