package dev.kcaudit.audit.stream;

import java.util.Set;

/**
 * Which entries a destination receives: the vocabulary of {@code GET entries} (categories, actions, organizations,
 * outcomes, sources), values OR-ed, fields AND-ed, empty means any. Delivery reads with it as one store filter
 * ({@code delivery.StreamFilters}).
 */
public record StreamFilter(Set<String> categories, Set<String> actions, Set<String> organizations,
                           Set<String> outcomes, Set<String> sources) {

    public StreamFilter {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        actions = actions == null ? Set.of() : Set.copyOf(actions);
        organizations = organizations == null ? Set.of() : Set.copyOf(organizations);
        outcomes = outcomes == null ? Set.of() : Set.copyOf(outcomes);
        sources = sources == null ? Set.of() : Set.copyOf(sources);
    }

    public static StreamFilter any() {
        return new StreamFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }
}
