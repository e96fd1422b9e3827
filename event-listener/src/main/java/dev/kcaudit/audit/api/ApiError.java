package dev.kcaudit.audit.api;

import dev.kcaudit.audit.query.BadParameter;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every error the API returns: JSON {@code {error, parameter, message}}, never a stack trace. */
public final class ApiError extends WebApplicationException {

    private ApiError(Response.Status status, String error, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(BadParameter.body(error, null, message)).build());
    }

    public static BadParameter badRequest(String parameter, String message) {
        return new BadParameter(parameter, message);
    }

    public static ApiError forbidden() {
        return forbidden("You may not read this realm's audit log");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Response.Status.FORBIDDEN, "forbidden", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(Response.Status.CONFLICT, "conflict", message);
    }

    /** A 429 telling the caller when to come back. */
    public static WebApplicationException tooMany(String message, long retryAfterSeconds) {
        return new WebApplicationException(message, Response.status(Response.Status.TOO_MANY_REQUESTS)
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", retryAfterSeconds)
                .entity(BadParameter.body("rate_limited", null, message)).build());
    }

    public static ApiError notFound(String what) {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", what + " not found");
    }
}
