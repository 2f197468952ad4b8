package io.geomatch.examples.service;

/**
 * Who is calling: the platform operator, an agency or an owner, as resolved from a bearer token
 * by {@link CommunityService#authenticate(String)}. Equal role and id mean the same caller.
 *
 * @param role the role
 * @param id the agency or owner id; {@code operator} for the operator
 */
public record Principal(Role role, String id) {
    /** The roles; a token belongs to exactly one. */
    public enum Role {
        /** Runs the platform: creates agencies and owners, reads the audit report. */
        OPERATOR,
        /** A verified agency: files requests, reads its own requests and their evidence. */
        AGENCY,
        /** A camera owner: registers devices and clips, reads its feed, responds. */
        OWNER
    }
}
