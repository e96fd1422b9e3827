package dev.kcaudit.audit.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * An organization an entry belongs to, and the teams of it the entry concerns; names are kept as they were when the
 * entry was written. Without teams the JSON is what it was before teams existed, so stored entries hash the same.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrganizationRef(String id, String name, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TeamRef> teams) {

    public OrganizationRef {
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    public OrganizationRef(String id, String name) {
        this(id, name, List.of());
    }

    /**
     * As a reader scoped to these organizations and teams sees it: whole when they read the organization, with only
     * their teams when they read some of its teams, null when they read neither.
     */
    public OrganizationRef seenBy(Set<String> scope) {
        if (scope.contains(id)) {
            return this;
        }
        List<TeamRef> theirs = teams.stream().filter(t -> scope.contains(t.id())).toList();
        return theirs.isEmpty() ? null : new OrganizationRef(id, name, theirs);
    }
}
