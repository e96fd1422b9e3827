package dev.kcaudit.audit.store.jpa;

/**
 * Pure: which whole hours of a chart over {@code [from, to]} the rollup reads, {@code [rollFrom, rollTo)}. An hour
 * the range only partly covers can be read either way: its entries inside the range grouped one by one, or the
 * hour's rollup rows minus its entries outside the range. The second is taken only when the part outside is much
 * shorter ({@link #SUBTRACT_WEIGHT}), counting nothing after {@code now}: entries come in bursts, and a burst in a
 * short part costs as much to subtract as to group. So a chart ending now reads the current hour, however busy,
 * from the rollup, with nothing after now to subtract; a chart ending at 10:57 subtracts three minutes instead of
 * grouping fifty-seven, and one ending at 10:40 groups its forty.
 *
 * @param rollFrom the first hour the rollup reads
 * @param rollTo   the hour after the last one it reads
 */
record HistogramSpan(long rollFrom, long rollTo) {

    static final long HOUR = HistogramIndex.HOUR;
    /** How many times shorter the part to subtract must be than the part to group. */
    static final int SUBTRACT_WEIGHT = 10;

    /** The span that reads the fewest entries one by one, or null when grouping the whole range does. */
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
                long cost = span(from, rollFrom, now) + span(rollTo, end, now)
                        + SUBTRACT_WEIGHT * (span(rollFrom, from, now) + span(end, rollTo, now));
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
