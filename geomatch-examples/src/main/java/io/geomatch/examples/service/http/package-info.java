/**
 * The JSON-over-HTTP API of the community-request service, on Jetty 12 with Jackson for JSON.
 *
 * <p>{@link io.geomatch.examples.service.http.ApiServer} routes each request to one call of
 * {@link io.geomatch.examples.service.CommunityService}; everything about rules, privacy and
 * storage lives there. This layer authenticates {@code Authorization: Bearer} tokens (and checks
 * the role a route needs) before any body is read, parses bodies strictly
 * ({@link io.geomatch.examples.service.http.JsonBody}: unknown fields, wrong types and malformed
 * JSON are 400s naming the field; areas are read once into JTS), caps bodies at
 * {@value io.geomatch.examples.service.http.ApiServer#MAX_BODY_BYTES} bytes (413) and turns every
 * refusal, Jetty's own included, into {@code {"error":{"code","field","message"}}}. Bad input is
 * always a 4xx, never a 500. The API is described by {@code /v1/openapi.json}, served from this
 * package's resources.
 *
 * <p>A POST with an {@code Idempotency-Key} is answered once: a retry gets the first answer
 * ({@code Idempotency}, in memory for 24 hours).
 *
 * <p>Threading: Jetty reads connections without blocking and hands a request to a worker only
 * once its head and body are in, so slow clients hold sockets, not threads; deadlines for heads
 * ({@code HeaderDeadlines}), bodies and idle connections cut them (see
 * {@link io.geomatch.examples.service.http.ApiServer.Limits}). Owners' calls that wait for their
 * round (clip uploads, answers, opt-outs and opt-ins) hold no worker either: the service's
 * {@code ...Later} call returns at once and the answer is sent when the round is durable.
 */
package io.geomatch.examples.service.http;
