package dev.kcaudit.audit.stream.send;

import java.util.List;

/**
 * What one delivery sends: entries already rendered (native or OCSF), in sequence order.
 *
 * @param test true for a test event (no place in the sequence)
 */
public record Batch(String realm, List<Item> items, boolean test) {

    /**
     * One entry: its id (the idempotency key), time, action, whether it failed, and rendered form; its realm id and
     * organization ids (as the stream may show them) for receivers that route on them (Kafka keys and headers).
     */
    public record Item(String id, long time, String action, boolean failure, Object rendered, String realmId,
                       List<String> organizations) {

        public Item {
            organizations = organizations == null ? List.of() : List.copyOf(organizations);
        }

        public Item(String id, long time, String action, boolean failure, Object rendered) {
            this(id, time, action, failure, rendered, null, List.of());
        }
    }

    public Batch {
        items = List.copyOf(items);
    }
}
