package dev.kcaudit.audit.stream.send;

import dev.kcaudit.audit.model.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Pure: RFC 5424 messages in RFC 6587 octet-counting frames ({@code <length> <message>}), and the CEF form of an
 * entry. Facility 10 (security/authorization), severity informational or warning for failures; MSGID the action;
 * structured data {@code [audit@32473 id="…" realm="…"]} (32473: the example enterprise number of RFC 5424).
 */
public final class SyslogFrames {

    static final int FACILITY = 10;

    private SyslogFrames() {
    }

    public static byte[] frame(Batch.Item item, String realm, String hostname, String body) {
        int severity = item.failure() ? 4 : 6;
        String msgid = printable(item.action(), 32);
        String message = "<" + (FACILITY * 8 + severity) + ">1 " + Instant.ofEpochMilli(item.time()) + " "
                + printable(hostname, 255) + " keycloak-audit - " + msgid + " [audit@32473 id=\"" + sd(item.id())
                + "\" realm=\"" + sd(realm) + "\"] " + body.replace('\n', ' ');
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    /** ArcSight CEF: header fields escape | and \, extension values escape =, \ and line breaks. */
    public static String cef(AuditEntry e, String realm, String version) {
        boolean failed = e.outcome().result() == dev.kcaudit.audit.model.Outcome.Result.FAILURE;
        StringBuilder ext = new StringBuilder();
        ext(ext, "rt", Long.toString(e.time()));
        ext(ext, "externalId", e.id());
        ext(ext, "act", e.action().id());
        ext(ext, "cat", e.category().id());
        ext(ext, "outcome", failed ? "failure" : "success");
        ext(ext, "reason", e.outcome().reason());
        ext(ext, "suser", e.actor().username());
        ext(ext, "suid", e.actor().id());
        ext(ext, "src", e.ipAddress());
        ext(ext, "cs1Label", "realm");
        ext(ext, "cs1", realm);
        if (e.resource() != null) {
            ext(ext, "cs2Label", "resourceType");
            ext(ext, "cs2", e.resource().type());
            ext(ext, "duid", e.resource().id());
            ext(ext, "duser", e.resource().name());
        }
        if (!e.organizations().isEmpty()) {
            ext(ext, "cs3Label", "organizations");
            ext(ext, "cs3", String.join(",", e.organizations().stream().map(o -> o.name() == null ? o.id() : o.name())
                    .toList()));
        }
        return "CEF:0|Keycloak|Audit Log|" + header(version) + "|" + header(e.action().id()) + "|"
                + header(e.action().label()) + "|" + (failed ? 5 : 3) + "|" + ext.toString().strip();
    }

    private static void ext(StringBuilder out, String key, String value) {
        if (value != null) {
            out.append(key).append('=').append(value.replace("\\", "\\\\").replace("=", "\\=")
                    .replace("\r", "\\r").replace("\n", "\\n")).append(' ');
        }
    }

    private static String header(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]", " ");
    }

    private static String sd(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    /** RFC 5424 header fields: printable US-ASCII without spaces, bounded; "-" when empty. */
    private static String printable(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (out.length() == max) {
                break;
            }
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.toString();
    }
}
