/**
 * The Ring-style device simulator and its real-world inputs.
 *
 * <p>{@link io.geomatch.examples.sim.SimulatedFleet} turns a population-weighted
 * {@link io.geomatch.world.CameraWorld} (the same generator the benchmarks use) into platform
 * devices, one owner each, with device types, the world's views (what 60% of the cameras see,
 * so the service matches them by view) and Ed25519 signing keys derived from the world's seed. {@link io.geomatch.examples.sim.Simulator} plays those owners against a
 * {@link io.geomatch.examples.service.CommunityService}: it receives delivery notifications and
 * shares (uploading signed clips of the device's footage in the window), declines or ignores,
 * with configurable probabilities and choices that repeat for a seed.
 * {@link io.geomatch.examples.sim.SimClock} is the simulated clock the service runs on.
 *
 * <p>{@link io.geomatch.examples.sim.Counties} reads the shipped Census-derived county outlines
 * (see NOTICE) once, on first use, into immutable {@link io.geomatch.examples.sim.County} records
 * with JTS geometries in (x = lon, y = lat) degrees, and indexes their envelopes in a JTS
 * {@code STRtree} for point-in-county lookups: agencies get real jurisdictions. Loading is strict
 * about the file's structure and tolerant of the generalised outlines' small topology defects
 * (repaired by {@code buffer(0)} only when that keeps the area within 0.1 %). A point on a shared
 * border belongs to the county that comes first in file order, so indexed and scanned lookups
 * agree exactly.
 *
 * <p>Threading: the fleet, counties and clock are thread-safe; a simulator's
 * {@code respond()} must be called from one thread at a time (it runs the owners' answers on
 * threads of its own, since each call waits for the service's next round of owners' changes).
 */
package io.geomatch.examples.sim;
