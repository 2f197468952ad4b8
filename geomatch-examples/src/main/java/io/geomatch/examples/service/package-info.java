/**
 * The example community-request platform built on geomatch: agency verification, moderation
 * rules, the anonymous fan-out, owners' responses, evidence with authenticity checks and an
 * audit trail.
 *
 * <p>{@link io.geomatch.examples.service.CommunityService} wires the platform together and is its
 * API, with {@link io.geomatch.examples.service.Api} as inputs and outputs (also the JSON bodies of
 * the HTTP API in {@code service.http}). The work is split by concern, one package each:
 * {@code service.directory} (agencies, owners, devices, tokens), {@code service.requests}
 * (filing, limits, views, feeds), {@code service.evidence} (clips, answers, shared evidence),
 * {@code service.fanout} (the index and the matching thread; the only code that calls the core
 * library's index API), {@code service.report} (the differentially private monthly report),
 * {@code service.journal} (the sealed set of journal records and the ledger every change goes
 * through), {@code service.audit} (the hash-chained log file as an RFC 9162 transparency log with
 * signed tree heads), {@code service.geo} (GeoJSON read once into JTS) and
 * {@code service.policy} (every rule, as pure functions). A package-private state machine maps each journal record to the component of
 * its concern, for live commits and replay alike.
 *
 * <p>Roles: the operator creates agencies and owners and alone sees delivery figures; an agency
 * files requests and reads its own requests and their evidence; an owner registers devices and
 * clips, reads its feed and answers. Callers are identified by
 * {@link io.geomatch.examples.service.Principal}s resolved from bearer tokens that are stored
 * only as hashes.
 */
package io.geomatch.examples.service;
