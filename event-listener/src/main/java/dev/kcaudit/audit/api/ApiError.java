package dev.kcaudit.audit.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every error the API returns: JSON {@code {error, parameter, message}}, never a stack trace. */
public final class ApiError extends WebApplicationException {

    private ApiError(Response.Status status, String error, String parameter, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(error, parameter, message)).build());
    }

    public static ApiError badRequest(String parameter, String message) {
        return new ApiError(Response.Status.BAD_REQUEST, "invalid_parameter", parameter, message);
    }

    public static ApiError forbidden() {
        return forbidden("You may not read this realm's audit log");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Response.Status.FORBIDDEN, "forbidden", null, message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", null, what + " not found");
    }

    private static Map<String, String> body(String error, String parameter, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("parameter", parameter);
        body.put("message", message);
        return body;
    }
}
