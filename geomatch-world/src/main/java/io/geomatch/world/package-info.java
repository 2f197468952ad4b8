/**
 * The simulated world used by the benchmarks and the examples: US places, cameras placed by
 * population with their footage, and the query workload.
 *
 * <p>Design: {@link io.geomatch.world.UsPlaces} loads the shipped GeoNames-derived place list once
 * (see NOTICE). {@link io.geomatch.world.CameraWorld#generate} turns {@code (cameras, historyDays,
 * nowMillis, seed)} into flat primitive arrays, one entry per camera position (ids, coordinates,
 * opt-in, e2ee, retention, device type), and footage in compressed sparse rows (an {@code int}
 * offset per camera, then a {@code long} start and an {@code int} duration per interval: 12 bytes
 * per clip, so 10 M cameras with a week of footage fit in a few GB). Generation runs in parallel
 * over fixed chunks of cameras, each with its own random stream, so the output never depends on
 * the thread count. {@link io.geomatch.world.QueryWorkload} derives request polygons of five
 * shapes and windows from a world. This module holds no oracle: tests check worlds, workloads and
 * every engine against the one brute-force reference in geomatch-core's test scope.
 *
 * <p>Threading and invariants: a world is immutable after {@code generate} returns and may be
 * read by any number of threads; its accessors return its own arrays, which callers must not
 * modify. Within a camera, footage is in ascending start order, every interval has a length of at
 * least 1 ms and lies within {@code [historyStartMillis, nowMillis)}. Everything is deterministic:
 * random numbers come only from seeded {@link java.util.SplittableRandom}s and transcendental
 * functions only from {@link java.lang.StrictMath}.
 */
package io.geomatch.world;
