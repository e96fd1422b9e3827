package dev.kcaudit.audit.model;

/** Whether the audited action succeeded; {@code reason} is Keycloak's error code on failure. */
public record Outcome(Result result, String reason) {

    public enum Result { SUCCESS, FAILURE }

    public static Outcome success() {
        return new Outcome(Result.SUCCESS, null);
    }

    public static Outcome failure(String reason) {
        return new Outcome(Result.FAILURE, reason);
    }
}
