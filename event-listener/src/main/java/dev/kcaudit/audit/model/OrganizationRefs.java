package dev.kcaudit.audit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists of organization references. */
public final class OrganizationRefs {

    private OrganizationRefs() {
    }

    /**
     * One reference per organization, in first-seen order: an organization named whole stays whole, else it keeps the
     * teams named for it.
     */
    public static List<OrganizationRef> merged(List<OrganizationRef> refs) {
        Map<String, OrganizationRef> byId = new LinkedHashMap<>();
        for (OrganizationRef r : refs) {
            byId.merge(r.id(), r, (a, b) -> {
                if (a.teams().isEmpty() || b.teams().isEmpty()) {
                    return new OrganizationRef(a.id(), a.name());
                }
                List<TeamRef> teams = new ArrayList<>(a.teams());
                b.teams().stream().filter(t -> !teams.contains(t)).forEach(teams::add);
                return new OrganizationRef(a.id(), a.name(), teams);
            });
        }
        return List.copyOf(byId.values());
    }

    /**
     * What every list names: the organizations in all of them, each with the teams in all of them. A signal's tags,
     * so that a scope sees a signal only when it sees each of its triggers.
     */
    public static List<OrganizationRef> common(List<List<OrganizationRef>> lists) {
        if (lists.isEmpty()) {
            return List.of();
        }
        List<OrganizationRef> shared = new ArrayList<>();
        for (OrganizationRef first : lists.get(0)) {
            List<TeamRef> teams = new ArrayList<>(first.teams());
            boolean everywhere = true;
            for (List<OrganizationRef> other : lists.subList(1, lists.size())) {
                OrganizationRef same = other.stream().filter(o -> o.id().equals(first.id())).findFirst().orElse(null);
                if (same == null) {
                    everywhere = false;
                    break;
                }
                teams.removeIf(t -> same.teams().stream().noneMatch(x -> x.id().equals(t.id())));
            }
            if (everywhere) {
                shared.add(new OrganizationRef(first.id(), first.name(), teams));
            }
        }
        return List.copyOf(shared);
    }
}
