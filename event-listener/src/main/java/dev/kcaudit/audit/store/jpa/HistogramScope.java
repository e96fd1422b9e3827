package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.AuditFilter;
import java.util.Set;

/** Pure: which one scope of the histogram rollup answers a view, or null when the rollup cannot. */
final class HistogramScope {

    private HistogramScope() {
    }

    /**
     * The realm ({@link FacetIndex#REALM}) or one tag, when the view filters by nothing but time, category, outcome and
     * one organization or team. A scope of several tags would count an entry tagged with two of them twice: those
     * views group the entries.
     */
    static String of(AuditFilter f) {
        if (!f.filtersOnly(Set.of("categories", "outcomes", "organizations", "teams"))) {
            return null;
        }
        Set<String> orgs = f.organizations();
        Set<String> teams = f.teams();
        Set<String> scope = f.scopeOrganizations();
        if (scope == null) {
            if (orgs.isEmpty() && teams.isEmpty()) {
                return FacetIndex.REALM;
            }
            if (orgs.size() + teams.size() == 1) {
                return orgs.isEmpty() ? teams.iterator().next() : orgs.iterator().next();
            }
            return null;
        }
        if (scope.size() != 1) {
            return null;
        }
        String only = scope.iterator().next();
        boolean same = (orgs.isEmpty() || orgs.equals(scope)) && (teams.isEmpty() || teams.equals(scope));
        return same ? only : null;
    }
}
