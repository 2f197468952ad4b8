/**
 * Simulated worlds for the demo: the shipped list of populous US places and a deterministic,
 * population-weighted camera and footage generator. Single-threaded; generated worlds are
 * immutable by convention.
 */
package io.geomatch.examples.world;
