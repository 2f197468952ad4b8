/**
 * The evidence store: clips devices upload, owners' feeds with the clips each may share, owners'
 * answers, and the clips shared with a request.
 *
 * <p>Design: a clip is accepted only if the SHA-256 of its content and the device's Ed25519
 * signature over {@code deviceId\nstart\nend\nsha256hex} verify; both are checked again when a
 * clip is shared and whenever the agency reads the evidence, so a change at rest shows. Owners
 * see only their own clips; agencies see only what was shared with their own requests, never who
 * declined or ignored. State changes come from the journal's records through the {@code apply}
 * methods; collections are concurrent, so reads take no lock.
 */
package io.geomatch.examples.service.evidence;
