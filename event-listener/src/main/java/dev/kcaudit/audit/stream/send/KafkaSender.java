package dev.kcaudit.audit.stream.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.keycloak.util.JsonSerialization;

/**
 * One record per entry on a Kafka topic through an idempotent producer ({@code acks=all}): key
 * {@code <realm id>:<entry id>} (one entry, one partition), value the rendered entry, headers {@code action} and one
 * {@code organization} per organization id. The batch counts as delivered only when the broker acknowledged every
 * record within the stream timeout; otherwise the producer is closed at once and the whole batch retried with a new
 * one, so records that did land are sent again (consumers deduplicate on the key).
 *
 * <p>Order within a partition rests on one rule: a record is never written while an earlier one of the same
 * partition was given up. Inside one producer the broker enforces that (it refuses a producer's out-of-sequence
 * batch), and records never expire there ({@code delivery.timeout.ms} is unbounded; the deadline is ours, and on it
 * the producer is closed, not left to re-number what follows an expired record). So what one producer wrote of a
 * partition is a prefix of what it was given, and the retry starts again at that prefix's first record.
 */
public final class KafkaSender implements Sender {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Runnable discard;

    /** {@code discard}: called after a failure, so the next attempt starts with a fresh producer. */
    private final long timeoutMs;

    public KafkaSender(Producer<byte[], byte[]> producer, String topic, long timeoutMs, Runnable discard) {
        this.producer = producer;
        this.topic = topic;
        this.timeoutMs = timeoutMs;
        this.discard = discard;
    }

    @Override
    public Result send(Batch batch) {
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Batch.Item item : batch.items()) {
                Future<RecordMetadata> ack = producer.send(record(item));
                if (ack.isDone()) {
                    ack.get(); // refused at once (no metadata in time, too large): nothing after it may be sent
                }
                acks.add(ack);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return Result.success(0);
        } catch (TimeoutException e) {
            return failed(new TimeoutException("not acknowledged within " + timeoutMs + " ms"));
        } catch (ExecutionException e) {
            return failed(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(e);
        } catch (KafkaException | IOException | IllegalStateException e) {
            return failed(e);
        }
    }

    private ProducerRecord<byte[], byte[]> record(Batch.Item item) throws IOException {
        byte[] value = item.rendered() instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : JsonSerialization.writeValueAsBytes(item.rendered());
        // No timestamp of ours: the broker's time, so retention does not count from an old entry's time (a replay).
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key(item), value);
        record.headers().add(new RecordHeader("action", utf8(item.action())));
        for (String organization : item.organizations()) {
            record.headers().add(new RecordHeader("organization", utf8(organization)));
        }
        return record;
    }

    /** The record key: the realm id and the entry id, so one entry always lands in one partition. */
    public static byte[] key(Batch.Item item) {
        return utf8(item.realmId() + ":" + item.id());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Result failed(Throwable e) {
        discard.run();
        return Result.failure(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                + e.getMessage()), null);
    }
}
