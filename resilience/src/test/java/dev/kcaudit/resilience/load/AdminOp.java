package dev.kcaudit.resilience.load;

/**
 * One admin change a load thread made to a user, and what the client learnt about it. {@code marker} is the unique
 * attribute value an update wrote, so its entry can be told from every other.
 */
public record AdminOp(Kind kind, String node, String username, String userId, String marker, Outcome outcome,
                      int status) {

    public enum Kind { CREATE, UPDATE, DELETE }
}
