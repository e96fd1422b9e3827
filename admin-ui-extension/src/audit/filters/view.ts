/**
 * The page's state as it lives in the URL (so a view can be bookmarked and shared): filters, sort and paging.
 * Everything here is pure; the components read and write it through useSearchParams.
 */
export type RangePreset = "today" | "7d" | "30d" | "90d" | "custom";

export type Filters = {
  range: RangePreset;
  /** Custom range bounds as datetime-local values (the browser's local time). */
  from: string;
  to: string;
  category: string[];
  action: string[];
  resourceType: string[];
  actor: string[];
  organization: string[];
  /** Team (organization group) ids. */
  team: string[];
  outcome: string[];
  /** ISO 3166-1 alpha-2 codes of the place the entry's address is in. */
  country: string[];
  device: string[];
  /** Entry ids: a signal's triggering entries (the Signals tab's "Show triggering entries"), at most 100. */
  id: string[];
  resourceId: string;
  ip: string;
  q: string;
};

export type View = Filters & {
  sort: string;
  order: "asc" | "desc";
  page: number;
  perPage: number;
};

export const PER_PAGE = [10, 20, 50, 100];
const MULTI = ["category", "action", "resourceType", "actor", "organization", "team", "outcome", "country", "device", "id"] as const;
const SINGLE = ["resourceId", "ip", "q"] as const;
const PRESETS: RangePreset[] = ["today", "7d", "30d", "90d", "custom"];

export const EMPTY_FILTERS: Filters = {
  range: "7d",
  from: "",
  to: "",
  category: [],
  action: [],
  resourceType: [],
  actor: [],
  organization: [],
  team: [],
  outcome: [],
  country: [],
  device: [],
  id: [],
  resourceId: "",
  ip: "",
  q: "",
};

export function parseView(params: URLSearchParams): View {
  const range = params.get("range") as RangePreset;
  const perPage = Number(params.get("perPage"));
  const page = Number(params.get("page"));
  const view: View = {
    ...EMPTY_FILTERS,
    range: PRESETS.includes(range) ? range : "7d",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    resourceId: params.get("resourceId") ?? "",
    ip: params.get("ip") ?? "",
    q: params.get("q") ?? "",
    sort: params.get("sort") ?? "time",
    order: params.get("order") === "asc" ? "asc" : "desc",
    page: Number.isInteger(page) && page > 0 ? page : 1,
    perPage: PER_PAGE.includes(perPage) ? perPage : 20,
  };
  for (const key of MULTI) {
    view[key] = params.getAll(key).flatMap((v) => v.split(",")).filter(Boolean);
  }
  return view;
}

/** The URL form of a view: only what differs from the defaults. */
export function toSearch(view: View): URLSearchParams {
  const out = new URLSearchParams();
  if (view.range !== "7d") out.set("range", view.range);
  if (view.range === "custom") {
    if (view.from) out.set("from", view.from);
    if (view.to) out.set("to", view.to);
  }
  for (const key of MULTI) view[key].forEach((v) => out.append(key, v));
  for (const key of SINGLE) if (view[key].trim()) out.set(key, view[key].trim());
  if (view.sort !== "time") out.set("sort", view.sort);
  if (view.order !== "desc") out.set("order", view.order);
  if (view.page > 1) out.set("page", String(view.page));
  if (view.perPage !== 20) out.set("perPage", String(view.perPage));
  return out;
}

/** The time window a view means now: presets are relative, so "last 7 days" moves with the clock. */
export function timeWindow(view: Filters, now = new Date()): { from: number; to: number } {
  const day = 24 * 3600 * 1000;
  switch (view.range) {
    case "today": {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return { from: midnight.getTime(), to: now.getTime() };
    }
    case "30d":
      return { from: now.getTime() - 30 * day, to: now.getTime() };
    case "90d":
      return { from: now.getTime() - 90 * day, to: now.getTime() };
    case "custom": {
      const from = view.from ? new Date(view.from).getTime() : now.getTime() - 7 * day;
      const to = view.to ? new Date(view.to).getTime() : now.getTime();
      return { from, to };
    }
    default:
      return { from: now.getTime() - 7 * day, to: now.getTime() };
  }
}

/** The filter parameters the audit API takes, for entries, count and export alike. */
export function filterQuery(view: Filters, now = new Date()): URLSearchParams {
  const out = new URLSearchParams();
  const { from, to } = timeWindow(view, now);
  out.set("from", String(from));
  out.set("to", String(to));
  for (const key of MULTI) if (view[key].length) out.set(key, view[key].join(","));
  for (const key of SINGLE) if (view[key].trim()) out.set(key, view[key].trim());
  return out;
}

export function pageQuery(view: View, now = new Date()): URLSearchParams {
  const out = filterQuery(view, now);
  out.set("sort", view.sort);
  out.set("order", view.order);
  out.set("max", String(view.perPage));
  out.set("first", String((view.page - 1) * view.perPage));
  return out;
}

/** An instant as a datetime-local value (the browser's local time), to the millisecond when it is not a whole minute. */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  const minute = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  return d.getSeconds() === 0 && d.getMilliseconds() === 0
    ? minute
    : `${minute}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/**
 * The view of a signal's triggering entries: only their ids (at most 100, as the API takes), from the first trigger
 * to just after the last, newest first, all on one page.
 */
export function triggersView(ids: string[], firstTime: number, lastTime: number): View {
  const some = ids.slice(0, 100);
  return {
    ...EMPTY_FILTERS,
    range: "custom",
    from: localInput(firstTime),
    to: localInput(lastTime + 1),
    id: some,
    sort: "time",
    order: "desc",
    page: 1,
    perPage: PER_PAGE.find((n) => n >= some.length) ?? PER_PAGE[PER_PAGE.length - 1],
  };
}
