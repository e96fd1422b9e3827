package dev.kcaudit.audit.query;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bars of a histogram over a date range: their length (a minute, an hour or a day of the caller's time zone, so
 * that a day bar is a local day across daylight-saving changes), the fixed slice the database groups by, and how
 * slices fold into bars. The database cannot know the zone's rules, so it counts per slice (a minute, or an hour
 * when the zone's offsets in the range are whole hours, else a quarter hour: every offset in use is a multiple of
 * 15 minutes), and the bars are summed here.
 */
public record HistogramShape(Interval interval, ZoneId zone, long from, long to, long sliceMs) {

    /** The most bars one answer holds; a longer interval is chosen, or asked for. */
    public static final int MAX_BARS = 1_500;
    /** What {@code entries/histogram} accepts: the filters of a count (sorting means nothing here) and its own two. */
    public static final Set<String> PARAMS = params();

    /** Bar lengths, shortest first. */
    public enum Interval {
        MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

        final ChronoUnit unit;

        Interval(ChronoUnit unit) {
            this.unit = unit;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * From the {@code interval} parameter ({@code minute}, {@code hour}, {@code day}; absent: the shortest that
     * needs at most {@link #MAX_BARS} bars, and at most a few hundred where it can) and {@code zone} (an IANA zone
     * id; absent: UTC), over the query's inclusive date range.
     */
    public static HistogramShape of(Params p, long from, long to) {
        ZoneId zone = zone(p.single("zone"));
        String asked = p.single("interval");
        Interval interval;
        if (asked == null) {
            interval = Interval.DAY;
            for (Interval candidate : Interval.values()) {
                if (bars(candidate, zone, from, to) <= 360) {
                    interval = candidate;
                    break;
                }
            }
        } else {
            try {
                interval = Interval.valueOf(asked.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadParameter("interval", "interval must be minute, hour or day, not '" + asked + "'");
            }
        }
        long bars = bars(interval, zone, from, to);
        if (bars > MAX_BARS) {
            throw new BadParameter(asked == null ? "from" : "interval", "The range needs " + bars + " "
                    + interval.id() + " bars; at most " + MAX_BARS + ": narrow from/to or choose a longer interval");
        }
        return new HistogramShape(interval, zone, from, to, slice(interval, zone, from, to));
    }

    private static Set<String> params() {
        Set<String> names = new TreeSet<>(EntryQuery.FILTER_PARAMS);
        names.removeAll(Set.of("sort", "order"));
        names.addAll(Set.of("interval", "zone"));
        return Set.copyOf(names);
    }

    private static ZoneId zone(String id) {
        if (id == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new BadParameter("zone", "zone must be a time zone id such as Europe/Berlin or UTC, not '" + id + "'");
        }
    }

    private static long bars(Interval interval, ZoneId zone, long from, long to) {
        return interval.unit.between(start(interval, zone, from), start(interval, zone, to)) + 1;
    }

    /** A minute for minute bars; for longer ones an hour, unless an offset in the range is not a whole hour. */
    private static long slice(Interval interval, ZoneId zone, long from, long to) {
        if (interval == Interval.MINUTE) {
            return Duration.ofMinutes(1).toMillis();
        }
        boolean wholeHours = zone.getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() % 3600 == 0
                && zone.getRules().getOffset(Instant.ofEpochMilli(to)).getTotalSeconds() % 3600 == 0
                && zone.getRules().getTransitions().stream().allMatch(t -> t.getOffsetAfter().getTotalSeconds() % 3600 == 0
                        || t.toEpochSecond() * 1000 < from || t.toEpochSecond() * 1000 > to);
        return Duration.ofMinutes(wholeHours ? 60 : 15).toMillis();
    }

    private static ZonedDateTime start(Interval interval, ZoneId zone, long at) {
        return Instant.ofEpochMilli(at).atZone(zone).truncatedTo(interval.unit);
    }

    /** Where the bar that holds this instant starts. */
    public long barStart(long at) {
        return start(interval, zone, at).toInstant().toEpochMilli();
    }

    /** One bar: {@code [start, end)} in epoch ms, and its counts by outcome. */
    public record Bar(long start, long end, long success, long failure) {
    }

    /** Every bar of the range in order, empty ones included, with the slices' counts summed into them. */
    public List<Bar> fold(List<long[]> slices) {
        Map<Long, long[]> counts = new LinkedHashMap<>();
        ZonedDateTime bar = start(interval, zone, from);
        ZonedDateTime last = start(interval, zone, to);
        while (!bar.isAfter(last)) {
            counts.put(bar.toInstant().toEpochMilli(), new long[2]);
            bar = bar.plus(1, interval.unit);
        }
        for (long[] slice : slices) { // {start, successes, failures}
            long[] into = counts.get(barStart(Math.max(from, slice[0])));
            if (into != null) {
                into[0] += slice[1];
                into[1] += slice[2];
            }
        }
        List<Bar> bars = new ArrayList<>(counts.size());
        for (Map.Entry<Long, long[]> e : counts.entrySet()) {
            long start = e.getKey();
            long end = Instant.ofEpochMilli(start).atZone(zone).plus(1, interval.unit).toInstant().toEpochMilli();
            bars.add(new Bar(start, end, e.getValue()[0], e.getValue()[1]));
        }
        return bars;
    }
}
