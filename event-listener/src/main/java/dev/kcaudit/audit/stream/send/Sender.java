package dev.kcaudit.audit.stream.send;

/** Sends one batch to one destination; never throws for a receiver's failure, answers it as a {@link Result}. */
public interface Sender {

    Result send(Batch batch);
}
