import { Chart, ChartAxis, ChartBar, ChartScatter, ChartStack, ChartTooltip, createContainer } from "@patternfly/react-charts";
import { chart_color_blue_300, chart_color_orange_300, chart_color_red_100 } from "@patternfly/react-tokens";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import { Histogram, HistogramBar, SIGNAL_CATEGORY as SIGNALS } from "../../api/types";
import { Filters, filterQuery } from "../filters/view";

const FILTER_KEYS: (keyof Filters)[] = ["range", "from", "to", "category", "action", "resourceType", "actor",
  "organization", "team", "outcome", "country", "device", "id", "resourceId", "ip", "q"];

/** Whether the view's category filter leaves signals out (then the chart marks none). */
const excludesSignals = (view: Filters) => view.category.length > 0 && !view.category.includes(SIGNALS);

/** A bar's middle, where its bar and its signal marker are drawn. */
const middle = (b: HistogramBar) => b.start + (b.end - b.start) / 2;

/** Brushing selects a range along the time axis; hovering a bar tells its counts. */
const BrushVoronoi = createContainer("brush", "voronoi");

type Props = {
  api: AuditApi;
  view: Filters;
  /** Narrow the view's date range to [from, to] (epoch ms, inclusive). */
  onRange: (from: number, to: number) => void;
};

/**
 * Matching entries over the view's date range, stacked by outcome, from the API's histogram (same filters, same
 * scope). Clicking a bar or dragging across bars narrows the date range to them. A marker above a bar says the
 * security signals raised in it: the histogram of the same range in category `security`, unless the view's
 * categories leave signals out.
 */
export function HistogramChart({ api, view, onRange }: Props) {
  const { t, i18n } = useTranslation();
  const [histogram, setHistogram] = useState<Histogram>();
  const [signals, setSignals] = useState<Histogram>();
  // The filter query the chart was drawn for (its time window is resolved when asked: presets move with the clock).
  const [drawn, setDrawn] = useState<string>();
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const latest = useRef(0);
  // Only the filters make a new chart (not the page or the sort); the replacer keeps just their keys.
  const key = JSON.stringify(view, FILTER_KEYS);

  useEffect(() => {
    const request = ++latest.current;
    const filters = filterQuery(view);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    const q = new URLSearchParams(filters);
    q.set("zone", zone);
    // The same range and zone, so the same bars: only the category differs.
    const s = new URLSearchParams({ from: filters.get("from") ?? "", to: filters.get("to") ?? "", category: SIGNALS, zone });
    Promise.all([
      api.histogram(q),
      // Markers are extra: without them (an error, or signals left out) the chart still draws.
      excludesSignals(view) ? Promise.resolve(undefined) : api.histogram(s).catch(() => undefined),
    ])
      .then(([h, sh]) => {
        if (request !== latest.current) return;
        setHistogram(h);
        setSignals(sh);
        setDrawn(filters.toString());
        setFailed(false);
      })
      .catch(() => request === latest.current && setFailed(true));
    // The view's text stands for it: a new object with the same filters is not a new chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  const bars = histogram?.bars ?? [];
  const label = (b: HistogramBar) =>
    `${format(b.start, histogram?.interval, i18n.language)}: ${t("auditHistogramSuccess")} ${b.success}, ` +
    `${t("auditHistogramFailure")} ${b.failure}`;
  const narrowTo = (startMs: number, endMs: number) => {
    const inRange = bars.filter((b) => b.end > startMs && b.start <= endMs);
    if (inRange.length) onRange(inRange[0].start, inRange[inRange.length - 1].end - 1);
  };
  const clickable = [
    {
      target: "data" as const,
      eventHandlers: {
        onClick: () => [
          {
            target: "data" as const,
            mutation: (props: { datum?: { bar?: HistogramBar } }) => {
              const bar = props.datum?.bar;
              if (bar) onRange(bar.start, bar.end - 1);
              return null;
            },
          },
        ],
      },
    },
  ];
  const series = (outcome: "success" | "failure") =>
    bars.map((b) => ({ x: middle(b), y: b[outcome], bar: b, name: outcome }));
  // One marker per bar that holds a signal, on top of the bar's stack.
  const markers = (signals?.bars ?? [])
    .filter((s) => s.success + s.failure > 0)
    .map((s) => {
      const bar = bars.find((b) => b.start === s.start) ?? s;
      const top = bars.includes(bar) ? bar.success + bar.failure : 0;
      return { x: middle(s), y: top, bar, signals: s.success + s.failure, name: "signal" };
    });

  return (
    <div
      ref={box}
      className="audit-log__histogram"
      data-testid="audit-histogram"
      data-total={histogram?.total}
      data-interval={histogram?.interval}
      data-query={drawn}
      data-signals={signals?.total ?? 0}
      aria-label={histogram ? t("auditHistogramLabel", { total: histogram.total }) : ""}
    >
      {failed && <small className="pf-v5-u-color-200">{t("auditHistogramFailed")}</small>}
      {histogram && width > 0 && (
        <Chart
          width={width}
          height={130}
          padding={{ top: 8, bottom: 28, left: 48, right: 16 }}
          domainPadding={{ x: [8, 8], y: [0, markers.length > 0 ? 6 : 0] }}
          scale={{ x: "time", y: "linear" }}
          domain={{ x: [histogram.from, histogram.to] }}
          containerComponent={
            <BrushVoronoi
              brushDimension="x"
              // Nothing is selected until the user drags (without it, the whole range shows as selected).
              brushDomain={{ x: [histogram.from, histogram.from] }}
              voronoiDimension="x"
              brushStyle={{ fill: "var(--pf-v5-global--palette--blue-100)", fillOpacity: 0.4 }}
              defaultBrushArea="none"
              labels={({ datum }: { datum: { bar: HistogramBar; name: string; signals?: number } }) =>
                datum.name === "failure"
                  ? label(datum.bar)
                  : datum.name === "signal"
                    ? t("auditHistogramSignals", { count: datum.signals })
                    : ""
              }
              labelComponent={<ChartTooltip constrainToVisibleArea />}
              onBrushDomainChangeEnd={(domain: { x: [Date | number, Date | number] }) => {
                const [a, b] = domain.x.map((v) => Number(v));
                if (Math.abs(b - a) > 0) narrowTo(Math.min(a, b), Math.max(a, b));
              }}
            />
          }
        >
          <ChartAxis
            tickCount={6}
            tickFormat={(x: number) => format(x, histogram.interval, i18n.language)}
            style={{ tickLabels: { fontSize: 10 } }}
          />
          <ChartAxis dependentAxis tickCount={3} tickFormat={(y: number) => (Number.isInteger(y) ? y : "")}
            style={{ tickLabels: { fontSize: 10 } }} />
          <ChartStack colorScale={[chart_color_blue_300.value, chart_color_red_100.value]}>
            <ChartBar data={series("success")} events={clickable} barRatio={0.9} />
            <ChartBar data={series("failure")} events={clickable} barRatio={0.9} />
          </ChartStack>
          {markers.length > 0 && (
            <ChartScatter
              data={markers}
              size={5}
              symbol="diamond"
              style={{ data: { fill: chart_color_orange_300.value, stroke: "#fff", strokeWidth: 1 } }}
            />
          )}
        </Chart>
      )}
    </div>
  );
}

function format(ms: number, interval: string | undefined, language: string) {
  const options: Intl.DateTimeFormatOptions =
    interval === "day" ? { month: "short", day: "numeric" } : { month: "short", day: "numeric", hour: "2-digit",
      minute: "2-digit" };
  return new Date(ms).toLocaleString(language, options);
}

/** The element's width, kept current as the page resizes. */
function useWidth(ref: React.RefObject<HTMLDivElement>) {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
