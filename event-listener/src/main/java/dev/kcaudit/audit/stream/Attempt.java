package dev.kcaudit.audit.stream;

/** One delivery attempt: a batch (or a test event, with no sequence numbers) and what the receiver said. */
public record Attempt(long number, long time, Long firstSeq, Long lastSeq, int entries, boolean ok, Integer status,
                      String error, long durationMs, String node) {
}
