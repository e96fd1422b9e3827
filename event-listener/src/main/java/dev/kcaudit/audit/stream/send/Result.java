package dev.kcaudit.audit.stream.send;

/**
 * What a receiver said.
 *
 * @param status       the HTTP status (null when there was no answer: refused, timed out)
 * @param retryAfterMs the receiver's Retry-After, when it gave one
 */
public record Result(boolean ok, Integer status, String error, Long retryAfterMs) {

    public static Result success(int status) {
        return new Result(true, status, null, null);
    }

    public static Result failure(Integer status, String error, Long retryAfterMs) {
        return new Result(false, status, error, retryAfterMs);
    }
}
