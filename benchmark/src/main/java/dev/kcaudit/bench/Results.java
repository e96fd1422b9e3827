package dev.kcaudit.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results as ordered JSON (hand-written: the benchmark carries no JSON library). */
final class Results {

    private final Map<String, Object> values = new LinkedHashMap<>();

    void put(String key, Object value) {
        values.put(key, value);
    }

    Object get(String key) {
        return values.get(key);
    }

    String json() {
        return write(values, "") + "\n";
    }

    private static String write(Object v, String indent) {
        if (v instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                s.append(indent).append("  \"").append(e.getKey()).append("\": ").append(write(e.getValue(), indent + "  "))
                        .append(++i < map.size() ? ",\n" : "\n");
            }
            return s.append(indent).append('}').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                s.append(indent).append("  ").append(write(list.get(i), indent + "  ")).append(i + 1 < list.size() ? ",\n" : "\n");
            }
            return s.append(indent).append(']').toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
