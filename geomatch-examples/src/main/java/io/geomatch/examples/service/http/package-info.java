/**
 * The JSON-over-HTTP API of the community-request service, on the JDK's
 * {@code com.sun.net.httpserver}, with Jackson for JSON.
 *
 * <p>{@link io.geomatch.examples.service.http.ApiServer} routes each request to one call of
 * {@link io.geomatch.examples.service.CommunityService}; everything about rules, privacy and
 * storage lives there. This layer authenticates {@code Authorization: Bearer} tokens, parses
 * bodies strictly ({@link io.geomatch.examples.service.http.JsonBody}: unknown fields, wrong types
 * and malformed JSON are 400s naming the field), caps bodies at
 * {@value io.geomatch.examples.service.http.ApiServer#MAX_BODY_BYTES} bytes (413) and turns every
 * refusal into {@code {"error":{"code","field","message"}}}. Bad input is always a 4xx, never a
 * 500. The API is described by {@code /v1/openapi.json}, served from this package's resources.
 */
package io.geomatch.examples.service.http;
