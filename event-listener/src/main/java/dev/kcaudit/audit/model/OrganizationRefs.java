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
}
