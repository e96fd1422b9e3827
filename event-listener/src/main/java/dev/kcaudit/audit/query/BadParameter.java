package dev.kcaudit.audit.query;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request parameter the caller got wrong: a 400 whose JSON body names it. */
public final class BadParameter extends WebApplicationException {

    private final String parameter;

    public BadParameter(String parameter, String message) {
        super(message, Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body("invalid_parameter", parameter, message)).build());
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** The JSON error body every API error uses: {@code {error, parameter, message}}. */
    public static Map<String, String> body(String error, String parameter, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("parameter", parameter);
        body.put("message", message);
        return body;
    }
}
