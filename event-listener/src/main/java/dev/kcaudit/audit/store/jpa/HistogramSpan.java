package dev.kcaudit.audit.store.jpa;

/**
 * Pure: which whole hours of a chart over {@code [from, to]} the rollup reads, {@code [rollFrom, rollTo)}. An hour
 * the range only partly covers can be read either way: its entries inside the range grouped one by one, or the
 * hour's rollup rows minus its entries outside the range. Each end takes the way that reads fewer entries, estimated
 * by time span, where nothing lies after {@code now}. So a chart ending now reads the current hour, however busy, from
 * the rollup (minus nothing yet), and a chart ending at 10:55 subtracts five minutes instead of grouping fifty-five.
 *
 * @param rollFrom the first hour the rollup reads
 * @param rollTo   the hour after the last one it reads
 */
record HistogramSpan(long rollFrom, long rollTo) {

    static final long HOUR = HistogramIndex.HOUR;

    /** The span with the fewest entries to read one by one, or null when grouping the whole range reads fewer. */
    static HistogramSpan of(long from, long to, long now) {
        long end = to + 1; // `to` is inclusive
        long fromUp = HistogramIndex.hourOf(from + HOUR - 1);
        long fromDown = HistogramIndex.hourOf(from);
        long toDown = HistogramIndex.hourOf(end);
        long toUp = toDown == end ? end : toDown + HOUR;
        HistogramSpan best = null;
        long bestCost = span(from, end, now); // grouping the whole range
        for (long rollFrom : new long[] {fromUp, fromDown}) {
            for (long rollTo : new long[] {toDown, toUp}) {
                if (rollFrom >= rollTo) {
                    continue;
                }
                // Either the part of an end hour inside the range is grouped, or the part outside it is subtracted.
                long cost = span(from, rollFrom, now) + span(rollFrom, from, now)
                        + span(rollTo, end, now) + span(end, rollTo, now);
                if (best == null ? cost <= bestCost : cost < bestCost) {
                    best = new HistogramSpan(rollFrom, rollTo);
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    /** How long {@code [a, b)} is up to {@code now}: what it may hold, in milliseconds. */
    private static long span(long a, long b, long now) {
        return Math.max(0, Math.min(b, now + 1) - a);
    }
}
