package dev.kcaudit.audit.api.representation;

import dev.kcaudit.audit.query.HistogramShape.Bar;
import java.util.List;

/**
 * Matching entries over the date range, bar by bar: {@code interval} is each bar's length in {@code zone}, every bar
 * of the range is listed (empty ones too), and {@code total} is the sum of all bars.
 */
public record HistogramRepresentation(String interval, String zone, long from, long to, long total, List<Bar> bars) {
}
