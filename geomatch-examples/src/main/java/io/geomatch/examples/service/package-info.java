/**
 * The example community-request platform built on geomatch: agency verification, moderation
 * rules, the anonymous fan-out, owners' responses, evidence with authenticity checks and an
 * audit trail.
 *
 * <p>{@link io.geomatch.examples.service.CommunityService} is the whole platform behind one lock,
 * with {@link io.geomatch.examples.service.Api} as its inputs and outputs (also the JSON bodies
 * of the HTTP API in {@code service.http}). Its state is a hash-chained journal
 * ({@code service.audit}) replayed on open, plus a {@link io.geomatch.core.GeoStore} of every
 * device and its footage derived from that journal, which the fan-out queries. The request rules
 * are in {@code service.policy}.
 *
 * <p>Roles: the operator creates agencies and owners and alone sees delivery figures; an agency
 * files requests and reads its own requests and their evidence; an owner registers devices and
 * clips, reads its feed and answers. Callers are identified by
 * {@link io.geomatch.examples.service.Principal}s resolved from bearer tokens that are stored
 * only as hashes.
 */
package io.geomatch.examples.service;
