package dev.kcaudit.audit.query;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Category;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pure: a list request, parsed. The same parser serves entries, count and export, so a filter means the same in
 * each; {@link #fingerprint()} identifies the query for its cursors.
 */
public record EntryQuery(AuditFilter filter, PageRequest page, String fingerprint) {

    public static final Set<String> FILTER_PARAMS = Set.of("from", "to", "category", "action", "resourceType", "actor",
            "actorId", "resourceId", "ip", "organization", "team", "outcome", "source", "country", "device", "id", "q",
            "sort", "order");
    public static final Set<String> PAGE_PARAMS = Set.of("max", "first", "cursor");
    public static final long DEFAULT_RANGE_MS = 7L * 24 * 3600 * 1000;
    public static final int DEFAULT_MAX = 50;
    public static final int MAX_MAX = 1000;
    static final int MAX_TERMS = 8;
    static final int MAX_IDS = 100;

    /**
     * @param scopeOrganizations the caller's scope (null: the whole realm)
     * @param now                the current time, for the default date range
     */
    public static EntryQuery parse(Params p, String realmId, Set<String> scopeOrganizations, long now) {
        Long from = p.time("from", false);
        Long to = p.time("to", true);
        if (to == null) {
            to = from == null ? now : Math.max(now, from);
        }
        if (from == null) {
            from = to - DEFAULT_RANGE_MS;
        }
        if (to < from) {
            throw new BadParameter("to", "to must not be before from");
        }
        Set<String> categories = known(p, "category", Arrays.stream(Category.values()).map(Category::id).toList());
        Set<String> actions = known(p, "action", Arrays.stream(AuditAction.values()).map(AuditAction::id).toList());
        Set<String> sources = known(p, "source", Arrays.stream(Source.values()).map(Source::id).toList());
        Set<String> outcomes = known(p, "outcome", List.of("success", "failure"));
        List<IpKey.Range> ips = new ArrayList<>();
        for (String ip : p.multi("ip")) {
            try {
                ips.add(IpKey.range(ip));
            } catch (IllegalArgumentException e) {
                throw new BadParameter("ip", "ip '" + ip + "': " + e.getMessage());
            }
        }
        List<String> terms = terms(p.single("q"));
        AuditFilter filter = new AuditFilter(realmId, from, to, categories, actions, p.multi("resourceType"),
                p.multi("actor"), p.multi("resourceId"), ips, p.multi("organization"), p.multi("team"), outcomes,
                sources, countries(p), known(p, "device", Origin.DEVICES), terms, scopeOrganizations, ids(p),
                p.multi("actorId"));

        String sortName = p.single("sort");
        SortKey sort = sortName == null ? SortKey.TIME : SortKey.byId(sortName).orElseThrow(() ->
                new BadParameter("sort", "sort must be one of " + Arrays.stream(SortKey.values())
                        .map(SortKey::id).collect(Collectors.joining(", "))));
        String order = p.single("order");
        if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw new BadParameter("order", "order must be asc or desc");
        }
        boolean ascending = "asc".equalsIgnoreCase(order);
        String fingerprint = FilterFingerprint.of(filter, sort.id(), Boolean.toString(ascending));

        int max = p.integer("max", DEFAULT_MAX, 1, MAX_MAX);
        int first = p.integer("first", 0, 0, 1_000_000);
        String cursorText = p.single("cursor");
        if (cursorText != null && first > 0) {
            throw new BadParameter("first", "first and cursor cannot be combined");
        }
        Cursors.Cursor cursor = cursorText == null ? null : Cursors.decode(cursorText, fingerprint);
        PageRequest page = new PageRequest(sort, ascending, max, first,
                cursor == null ? null : cursor.position(), cursor != null && cursor.backwards());
        return new EntryQuery(filter, page, fingerprint);
    }

    private static Set<String> known(Params p, String name, List<String> allowed) {
        Set<String> values = p.multi(name);
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new BadParameter(name, "Unknown " + name + " '" + v + "'");
            }
        }
        return values;
    }

    /** Entry ids (a signal's triggers): at most {@value #MAX_IDS}, each shaped like an id. */
    private static Set<String> ids(Params p) {
        Set<String> ids = p.multi("id");
        if (ids.size() > MAX_IDS) {
            throw new BadParameter("id", "id takes at most " + MAX_IDS + " values");
        }
        for (String id : ids) {
            if (!id.matches("[A-Za-z0-9-]{1,64}")) {
                throw new BadParameter("id", "id '" + id + "' is not an entry id");
            }
        }
        return ids;
    }

    /** ISO 3166-1 alpha-2 codes, any case in, upper case out. */
    private static Set<String> countries(Params p) {
        Set<String> codes = new java.util.LinkedHashSet<>();
        for (String v : p.multi("country")) {
            if (!v.matches("[A-Za-z]{2}")) {
                throw new BadParameter("country", "country '" + v + "' is not a two-letter ISO 3166-1 code, e.g. DE");
            }
            codes.add(v.toUpperCase(Locale.ROOT));
        }
        return codes;
    }

    private static List<String> terms(String q) {
        if (q == null) {
            return List.of();
        }
        List<String> terms = Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+")).filter(t -> !t.isEmpty())
                .distinct().toList();
        if (terms.size() > MAX_TERMS) {
            throw new BadParameter("q", "q takes at most " + MAX_TERMS + " words");
        }
        return terms;
    }

    /** All parameters a list request accepts. */
    public static Set<String> listParams() {
        Set<String> all = new TreeSet<>(FILTER_PARAMS);
        all.addAll(PAGE_PARAMS);
        return all;
    }
}
