/**
 * Community requests: filing, the limits on publishing, the agency's and the public's views,
 * resolving, and the per-owner feeds the fan-out fills.
 *
 * <p>{@link io.geomatch.examples.service.requests.Requests} checks a filing against every rule of
 * {@code service.policy} before taking the write lock, then the limits that depend on what the
 * agency published before, and commits {@code request.published} or, for a broken rule,
 * {@code request.refused}; the answer is the same whatever the area holds, because matching runs
 * later in {@code service.fanout}. A {@link io.geomatch.examples.service.requests.Request} keeps
 * its area as parsed once (prepared for owners' point tests and for the index) and publishes
 * its later state (resolution, delivery, answers) through volatile fields and concurrent maps, so
 * readers take no lock.
 */
package io.geomatch.examples.service.requests;
