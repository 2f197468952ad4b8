/**
 * Who is on the platform: verified {@link io.geomatch.examples.service.directory.Agency agencies},
 * {@link io.geomatch.examples.service.directory.Owner owners}, their
 * {@link io.geomatch.examples.service.directory.Device devices} and the bearer tokens each holds
 * (kept as hashes only), in a {@link io.geomatch.examples.service.directory.Directory}.
 *
 * <p>Design: calls check their forms with {@code service.policy}, then commit one journal record
 * through the ledger; the directory's {@code apply} methods are the only code that changes its
 * maps, run by the service's state machine for live commits and replay alike. Owners and devices
 * of a simulated world are made from the fleet on first use, so a world of millions costs
 * nothing until its devices matter. Maps are concurrent and objects immutable or with volatile
 * fields, so lookups need no lock.
 */
package io.geomatch.examples.service.directory;
