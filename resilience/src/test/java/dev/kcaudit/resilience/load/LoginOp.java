package dev.kcaudit.resilience.load;

/** One password login a load thread made; {@code sessionId} is the token's {@code sid} when it succeeded. */
public record LoginOp(String node, String username, String sessionId, Outcome outcome, int status) {
}
