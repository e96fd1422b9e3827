import {
  Alert,
  AlertVariant,
  Bullseye,
  Button,
  Chip,
  ChipGroup,
  Drawer,
  DrawerContent,
  DrawerContentBody,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  Pagination,
  Spinner,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { FilterIcon } from "@patternfly/react-icons";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import type { AuditApi } from "../api/auditApi";
import type { ApiError, Count, Entry, Facets, Me, Page } from "../api/types";
import { DetailsPanel } from "./DetailsPanel";
import { ExportMenu } from "./exports/ExportMenu";
import { FilterPanel } from "./filters/FilterPanel";
import {
  EMPTY_FILTERS,
  Filters,
  PER_PAGE,
  filterQuery,
  localInput,
  pageQuery,
  parseView,
  toSearch,
  View,
} from "./filters/view";
import { VerifyButton } from "./integrity/VerifyButton";
import { EntriesTable } from "./table/EntriesTable";

const LIVE_EVERY_MS = 3000;
// The chart library is the page's largest dependency: loaded in its own chunk, after the table.
const HistogramChart = lazy(() => import("./chart/HistogramChart").then((m) => ({ default: m.HistogramChart })));

type Props = {
  api: AuditApi;
  me: Me;
  realm: string;
  linkResources: boolean;
  notify: (variant: AlertVariant, title: string, detail?: string) => void;
  onJobStarted: () => void;
};

/**
 * The entries of the view in the URL: filters, sortable table, pages, the details drawer, export and live mode.
 * Live mode re-reads the newest page every few seconds (the window moves with the clock) and marks what is new.
 */
export function EntriesTab({ api, me, realm, linkResources, notify, onJobStarted }: Props) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseView(params), [params]);
  const [facets, setFacets] = useState<Facets>();
  const [page, setPage] = useState<Page>();
  const [count, setCount] = useState<Count>();
  const [loading, setLoading] = useState(true);
  // The view the table shows, as its URL query: lets tests (and screen readers, via aria-busy) know it is current.
  const [shownView, setShownView] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [selected, setSelected] = useState<Entry>();
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [showFilters, setShowFilters] = useState(true);
  const shown = useRef<Set<string>>(new Set());
  // Only the newest request may update the table: a slow reply for an older view (or an earlier live poll) is dropped.
  const latest = useRef(0);

  // A new view closes the details of an entry it may no longer show.
  useEffect(() => setSelected(undefined), [params]);

  const update = useCallback((patch: Partial<View>) => setParams(toSearch({ ...view, ...patch })), [view, setParams]);

  useEffect(() => {
    api.facets().then(setFacets).catch(() => setFacets(undefined));
  }, [api]);

  const load = useCallback(
    async (quiet: boolean) => {
      const request = ++latest.current;
      if (!quiet) setLoading(true);
      try {
        const [p, c] = await Promise.all([api.entries(pageQuery(view)), api.count(filterQuery(view))]);
        if (request !== latest.current) return;
        setFresh(quiet ? new Set(p.entries.map((e) => e.id).filter((id) => !shown.current.has(id))) : new Set());
        shown.current = new Set(p.entries.map((e) => e.id));
        setPage(p);
        setCount(c);
        setError(undefined);
      } catch (e) {
        if (request !== latest.current) return;
        setError(e as ApiError);
      }
      setLoading(false);
      setShownView(params.toString());
    },
    [api, view, params],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void load(true), LIVE_EVERY_MS);
    return () => clearInterval(timer);
  }, [live, load]);

  const applyFilters = (filters: Filters) => update({ ...filters, page: 1 });
  const total = count?.count ?? 0;
  const entries = page?.entries ?? [];

  const table = () => {
    if (loading && !page) {
      return (
        <Bullseye className="pf-v5-u-p-xl">
          <Spinner aria-label={t("auditLoading")} />
        </Bullseye>
      );
    }
    if (error) {
      return (
        <Alert variant="danger" isInline title={t("auditLoadFailed")} data-testid="audit-error">
          {error.parameter ? `${error.parameter}: ` : ""}
          {error.message}
        </Alert>
      );
    }
    if (entries.length === 0) {
      return (
        <EmptyState data-testid="audit-empty">
          <EmptyStateHeader titleText={t("auditNoEntries")} headingLevel="h3" icon={undefined} />
          <EmptyStateBody>{t("auditNoEntriesHint")}</EmptyStateBody>
          <EmptyStateFooter>
            <EmptyStateActions>
              <Button variant="link" onClick={() => applyFilters(EMPTY_FILTERS)}>
                {t("auditReset")}
              </Button>
            </EmptyStateActions>
          </EmptyStateFooter>
        </EmptyState>
      );
    }
    return (
      <EntriesTable
        realm={realm}
        entries={entries}
        sort={view.sort}
        order={view.order}
        onSort={(sort, order) => update({ sort, order, page: 1 })}
        onOpen={setSelected}
        selectedId={selected?.id}
        fresh={fresh}
        linkResources={linkResources}
        showTeams={(facets?.teams?.length ?? 0) > 0 || entries.some((e) => e.organizations.some((o) => o.teams?.length))}
      />
    );
  };

  const pagination = (position: "top" | "bottom") => (
    <Pagination
      itemCount={total}
      page={view.page}
      perPage={view.perPage}
      perPageOptions={PER_PAGE.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_e, p) => update({ page: p })}
      onPerPageSelect={(_e, perPage) => update({ perPage, page: 1 })}
      variant={position}
      isCompact={position === "top"}
      isDisabled={live}
      toggleTemplate={({ firstIndex, lastIndex }) => (
        <>
          <b>
            {firstIndex} - {lastIndex}
          </b>{" "}
          {t("auditOf")} <b data-testid="audit-total">{total.toLocaleString(i18n.language)}{count && !count.exact ? "+" : ""}</b>
        </>
      )}
      titles={{
        paginationAriaLabel: t("auditPagination"),
        perPageSuffix: t("auditPerPage"),
        itemsPerPage: t("auditItemsPerPage"),
        toFirstPageAriaLabel: t("auditFirstPage"),
        toPreviousPageAriaLabel: t("auditPreviousPage"),
        toNextPageAriaLabel: t("auditNextPage"),
        toLastPageAriaLabel: t("auditLastPage"),
        currPageAriaLabel: t("auditCurrentPage"),
        ofWord: t("auditOf"),
      }}
    />
  );

  const panel = selected ? <DetailsPanel entry={selected} onClose={() => setSelected(undefined)} /> : undefined;
  return (
    <Drawer isExpanded={selected !== undefined}>
      <DrawerContent panelContent={panel}>
        <DrawerContentBody aria-busy={loading} data-testid="audit-entries" data-view={shownView}>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <Button
                  variant="plain"
                  onClick={() => setShowFilters(!showFilters)}
                  aria-expanded={showFilters}
                  data-testid="audit-toggle-filters"
                >
                  <FilterIcon /> {showFilters ? t("auditHideFilters") : t("auditShowFilters")}
                </Button>
              </ToolbarItem>
              {view.id.length > 0 && (
                <ToolbarItem alignSelf="center">
                  {/* The ids are no filter anyone types: shown as one chip, removed as a whole. */}
                  <div data-testid="audit-chip-signal" data-count={view.id.length}>
                    <ChipGroup aria-label={t("auditFilters")}>
                      <Chip closeBtnAriaLabel={t("auditRemove")} onClick={() => update({ id: [], page: 1 })} textMaxWidth="40ch">
                        {t("auditTriggeringEntries", { count: view.id.length })}
                      </Chip>
                    </ChipGroup>
                  </div>
                </ToolbarItem>
              )}
              <ToolbarItem alignSelf="center">
                <Switch
                  id="audit-live"
                  label={t("auditLive")}
                  isChecked={live}
                  onChange={(_e, on) => {
                    setLive(on);
                    if (on && (view.page !== 1 || view.sort !== "time" || view.order !== "desc")) {
                      update({ page: 1, sort: "time", order: "desc" });
                    }
                  }}
                />
              </ToolbarItem>
              <ToolbarItem>
                <ExportMenu api={api} query={() => pageQuery(view)} notify={notify} onJobStarted={onJobStarted} />
              </ToolbarItem>
              {me.verify && (
                <ToolbarItem>
                  <VerifyButton api={api} />
                </ToolbarItem>
              )}
              <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
                {pagination("top")}
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          {showFilters && (
            <div className="pf-v5-u-px-md pf-v5-u-pb-md">
              <FilterPanel api={api} me={me} facets={facets} applied={view} onApply={applyFilters} />
            </div>
          )}
          <Suspense fallback={<div className="audit-log__histogram" />}>
            <HistogramChart
              api={api}
              view={view}
              onRange={(from, to) => update({ range: "custom", from: localInput(from), to: localInput(to), page: 1 })}
            />
          </Suspense>
          {table()}
          {entries.length > 0 && pagination("bottom")}
        </DrawerContentBody>
      </DrawerContent>
    </Drawer>
  );
}
