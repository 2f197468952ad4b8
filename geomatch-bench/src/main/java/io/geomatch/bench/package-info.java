/**
 * JMH benchmarks of geomatch and the baselines it is compared against.
 *
 * <p>Design: every benchmark is a {@code <Subject><Op>Benchmark} class that is its own
 * {@code Scope.Benchmark} state. Data and indexes are made once per fork in a
 * {@code @Setup(Level.Trial)} method from fixed seeds, so two runs measure the same thing; queries
 * come from a pre-built pool walked by a per-thread cursor, so there are no hand-written loops and
 * no allocation in the harness; every method returns its result. The data and the queries come
 * from {@code geomatch-world} ({@link io.geomatch.world.CameraWorld},
 * {@link io.geomatch.world.QueryWorkload}), the same simulated world the examples use. Baselines
 * ({@link io.geomatch.bench.engine.BruteForceScan}) answer exactly the same queries over the same data,
 * and a unit test checks every benchmark's answers against an independent brute-force oracle.
 *
 * <p>The live benchmarks ({@link io.geomatch.bench.LiveIngestBenchmark},
 * {@link io.geomatch.bench.StoreIngestBenchmark}, {@link io.geomatch.bench.LiveQueryBenchmark})
 * feed a {@link io.geomatch.bench.FootageStream} of new clips into a live index or a durable store;
 * the query one runs its writer on a thread of its own while JMH times the queries.
 *
 * <p>Threading: setup runs on one thread before measurement; afterwards shared state is only
 * read, and each benchmark thread has its own result containers.
 */
package io.geomatch.bench;
