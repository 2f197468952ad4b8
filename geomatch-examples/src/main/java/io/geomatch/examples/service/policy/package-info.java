/**
 * Every rule of the platform, as pure functions: who may register as an agency
 * ({@link io.geomatch.examples.service.policy.AgencyRules}), what owners, devices and clips
 * register with ({@link io.geomatch.examples.service.policy.OwnerRules},
 * {@link io.geomatch.examples.service.policy.DeviceRules},
 * {@link io.geomatch.examples.service.policy.ClipRules}), how owners answer
 * ({@link io.geomatch.examples.service.policy.SharingRules}), how often an agency may publish
 * ({@link io.geomatch.examples.service.policy.RequestLimits}) and, the largest part, whether a
 * community request may be sent: a verified local police agency asks doorbell-camera owners for
 * footage of one area and one timeframe. Form checks normalise and throw a
 * {@link io.geomatch.examples.service.policy.PolicyViolationException}; request rules return
 * their violations, since a refused request is recorded before it is answered.
 *
 * <p><b>Pieces.</b> {@link io.geomatch.examples.service.policy.RequestRules} checks a
 * {@link io.geomatch.examples.service.policy.RequestDraft} field by field, then the area size
 * (0.025 to 0.5 mi², measured on the WGS84 ellipsoid by
 * {@link io.geomatch.examples.service.policy.GeodesicArea}), the jurisdiction (the area must be
 * covered by it), the window ({@code [fromMillis, toMillis)}, 15 min to 12 h, ended, within the
 * longest retention) and finally {@link io.geomatch.examples.service.policy.Moderation}, which
 * refuses First Amendment activity, race-only descriptions, pressure on owners and immigration
 * enforcement. Each broken rule is a {@link io.geomatch.examples.service.policy.Violation} with a
 * stable kebab-case code, the JSON field at fault and a one-line message naming the value and the
 * allowed range.
 *
 * <p><b>Design.</b> Everything is a pure static function: no clock (the caller passes
 * {@code nowMillis}), no configuration beyond the arguments, no state, so any thread may call
 * anything. Every threshold and word list is a documented public constant, so the API
 * description and the demo can show the exact rules. Violations come in one fixed documented
 * order, so {@code check} (first violation) and {@code checkAll} (all) agree. Moderation matches
 * whole words after normalisation and is deliberately biased towards refusing; the trade-offs
 * (for example "March 3rd" and "the vehicle struck" pass, "picket fence" passes, a robbery of a
 * journalist is refused) are written next to each list.
 */
package io.geomatch.examples.service.policy;
