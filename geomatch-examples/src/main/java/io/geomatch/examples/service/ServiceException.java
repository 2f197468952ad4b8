package io.geomatch.examples.service;

/**
 * A refused call: an HTTP status, a stable error code, the input field at fault (or null) and a
 * one-line message naming the value and what is allowed. The HTTP API sends it as
 * {@code {"error":{"code","field","message"}}}.
 */
public final class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;
    /** The stable, kebab-case error code. */
    private final String code;
    /** The input field at fault, or null. */
    private final String field;

    /**
     * @param status HTTP status, 400..499
     * @param code stable kebab-case code, such as {@code area-too-large}
     * @param field the JSON field at fault, or null
     * @param message one line: the value and what is allowed
     */
    public ServiceException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    /** @return the field at fault, or null */
    public String field() {
        return field;
    }

    /**
     * @param code stable kebab-case code
     * @param field the field at fault
     * @param message one line: the value and what is allowed
     * @return a 422
     */
    public static ServiceException invalid(String code, String field, String message) {
        return new ServiceException(422, code, field, message);
    }

    /**
     * @param what the kind of thing, such as {@code request}
     * @param id the id asked for
     * @return a 404 naming them
     */
    public static ServiceException notFound(String what, String id) {
        return new ServiceException(404, "not-found", null, "no " + what + " with id " + id);
    }

    /**
     * @param message one line: what the caller may not do
     * @return a 403
     */
    public static ServiceException forbidden(String message) {
        return new ServiceException(403, "forbidden", null, message);
    }

    /**
     * @param violation a broken rule
     * @return a 422 with its code, field and message
     */
    public static ServiceException of(io.geomatch.examples.service.policy.Violation violation) {
        return new ServiceException(422, violation.code(), violation.field(), violation.message());
    }

    /**
     * @param caller the caller, may be null
     * @param role the role needed
     * @throws ServiceException 403 if the caller lacks it
     */
    public static void requireRole(Principal caller, Principal.Role role) {
        if (caller == null || caller.role() != role) {
            throw forbidden("this needs a token of the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role");
        }
    }
}
