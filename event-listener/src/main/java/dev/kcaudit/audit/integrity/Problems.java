package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Seal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What verify found wrong, in the order found, at most {@value #MAX} (the first ones locate the damage). */
final class Problems {

    static final int MAX = 100;

    private final List<Map<String, Object>> list = new ArrayList<>();

    void add(Seal seal, String kind, Long seq, String entryId, String message) {
        if (list.size() >= MAX) {
            return;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seal", seal == null ? null : seal.sealNo());
        p.put("kind", kind);
        p.put("seq", seq);
        p.put("entryId", entryId);
        p.put("message", message);
        list.add(p);
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Map<String, Object>> list() {
        return list;
    }

    Object firstSeal() {
        return list.stream().map(p -> p.get("seal")).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
