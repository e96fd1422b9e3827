package dev.kcaudit.audit.store;

/**
 * Which page: either after/before a position (keyset paging, stable under concurrent inserts) or at an offset
 * (for page-number UIs). {@code position == null && first == 0} is the first page.
 *
 * @param backwards read the page before {@code position} instead of after it
 */
public record PageRequest(SortKey sort, boolean ascending, int max, int first, Position position, boolean backwards) {

    /** A row's place in the order: its sort value, time and id. */
    public record Position(String sortValue, long time, String id) {
    }
}
