import {
  Alert,
  Bullseye,
  Button,
  Drawer,
  DrawerContent,
  DrawerContentBody,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Label,
  Pagination,
  Spinner,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { AuditApi } from "../../api/auditApi";
import { ApiError, Count, Entry, Page, SIGNAL_CATEGORY as SIGNALS, Severity, SignalDetails } from "../../api/types";
import { DetailsPanel } from "../DetailsPanel";
import { EMPTY_FILTERS, PER_PAGE, RangePreset, pageQuery } from "../filters/view";
import { resourceLink } from "../table/resourceLink";

const PRESETS: { id: Exclude<RangePreset, "custom">; key: string }[] = [
  { id: "today", key: "auditRangeToday" },
  { id: "7d", key: "auditRange7" },
  { id: "30d", key: "auditRange30" },
  { id: "90d", key: "auditRange90" },
];

const SEVERITY_COLOR: Record<Severity, "red" | "orange" | "blue"> = { high: "red", medium: "orange", low: "blue" };

type Props = {
  api: AuditApi;
  realm: string;
  linkResources: boolean;
  /** Open the Entries tab on the signal's triggering entries. */
  onShowTriggers: (signal: SignalDetails) => void;
};

/**
 * A signal entry's details, read defensively: `details` is free-form in the API's schema (SignalDetails describes
 * it), and an entry stored by an older rule may lack a field.
 */
export function signalOf(entry: Entry): SignalDetails {
  const d = (entry.details ?? {}) as Partial<SignalDetails>;
  const triggers = Array.isArray(d.triggers) ? d.triggers.filter((x): x is string => typeof x === "string") : [];
  return {
    rule: d.rule ?? (entry.action.replace(/^signal\./, "") as SignalDetails["rule"]),
    severity: d.severity ?? "medium",
    count: typeof d.count === "number" ? d.count : triggers.length,
    threshold: d.threshold,
    windowMinutes: d.windowMinutes,
    triggers,
    firstTime: typeof d.firstTime === "number" ? d.firstTime : entry.time,
    lastTime: typeof d.lastTime === "number" ? d.lastTime : entry.time,
    reason: d.reason ?? "",
  };
}

/**
 * The security signals the caller may see (the API scopes them as any entry: an organization admin sees those whose
 * triggers are their organizations'), newest first, over a date range; each row leads to its triggering entries.
 */
export function SignalsTab({ api, realm, linkResources, onShowTriggers }: Props) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<Exclude<RangePreset, "custom">>("7d");
  const [pageNumber, setPageNumber] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const [page, setPage] = useState<Page>();
  const [count, setCount] = useState<Count>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [selected, setSelected] = useState<Entry>();
  // The range and page the table shows, and how many loads finished (a refresh shows the same view again), so tests
  // (and screen readers, via aria-busy) know what is current.
  const [shown, setShown] = useState<string>();
  const [loads, setLoads] = useState(0);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    const view = { ...EMPTY_FILTERS, range, category: [SIGNALS], sort: "time", order: "desc" as const, page: pageNumber, perPage };
    const q = pageQuery(view);
    try {
      // The count over the very window of the page (presets move with the clock).
      const filters = new URLSearchParams({ from: q.get("from") ?? "", to: q.get("to") ?? "", category: SIGNALS });
      const [p, c] = await Promise.all([api.entries(q), api.count(filters)]);
      if (request !== latest.current) return;
      setPage(p);
      setCount(c);
      setError(undefined);
    } catch (e) {
      if (request !== latest.current) return;
      setError(e as ApiError);
    }
    setLoading(false);
    setShown(`${range}:${pageNumber}:${perPage}`);
    setLoads((n) => n + 1);
  }, [api, range, pageNumber, perPage]);

  useEffect(() => {
    void load();
  }, [load]);

  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  const signals = page?.entries ?? [];
  const total = count?.count ?? 0;

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
    if (signals.length === 0) {
      return (
        <EmptyState data-testid="audit-signals-empty">
          <EmptyStateHeader titleText={t("auditNoSignals")} headingLevel="h3" />
          <EmptyStateBody>{t("auditNoSignalsHint")}</EmptyStateBody>
        </EmptyState>
      );
    }
    return (
      <Table aria-label={t("auditSignals")} variant="compact" isStriped data-testid="audit-signals-table">
        <Thead>
          <Tr>
            <Th modifier="nowrap">{t("auditSignalSeverity")}</Th>
            <Th>{t("auditSignalRule")}</Th>
            <Th>{t("auditSignalSubject")}</Th>
            <Th modifier="nowrap">{t("auditSignalCount")}</Th>
            <Th modifier="nowrap">{t("auditTime")}</Th>
            <Th screenReaderText={t("auditActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {signals.map((e) => {
            const s = signalOf(e);
            const link = linkResources ? resourceLink(realm, e) : undefined;
            const type = e.resource?.type && t(`auditResourceType_${e.resource.type}`, { defaultValue: e.resource.type });
            const subject = [type, e.resource?.name ?? e.resource?.id].filter(Boolean).join(" · ") || "—";
            return (
              <Tr
                key={e.id}
                isRowSelected={e.id === selected?.id}
                data-testid="audit-signal-row"
                data-entry-id={e.id}
                data-rule={s.rule}
                data-severity={s.severity}
              >
                <Td dataLabel={t("auditSignalSeverity")} data-testid="audit-signal-severity">
                  <Label color={SEVERITY_COLOR[s.severity] ?? "grey"} isCompact>
                    {t(`auditSeverity_${s.severity}`, { defaultValue: s.severity })}
                  </Label>
                </Td>
                <Td dataLabel={t("auditSignalRule")} data-testid="audit-signal-rule">
                  {t(`auditSignalRule_${s.rule}`, { defaultValue: e.actionLabel })}
                </Td>
                <Td dataLabel={t("auditSignalSubject")} data-testid="audit-signal-subject">
                  {link ? <Link to={link}>{subject}</Link> : subject}
                </Td>
                <Td dataLabel={t("auditSignalCount")} data-testid="audit-signal-count">
                  {s.count.toLocaleString(i18n.language)}
                </Td>
                <Td dataLabel={t("auditTime")} modifier="nowrap">
                  <Button variant="link" isInline onClick={() => setSelected(e)} aria-label={t("auditOpenDetails")}>
                    {time.format(new Date(e.time))}
                  </Button>
                </Td>
                <Td dataLabel={t("auditActions")} modifier="fitContent" isActionCell>
                  <Button
                    variant="link"
                    isInline
                    style={{ whiteSpace: "nowrap" }}
                    isDisabled={s.triggers.length === 0}
                    onClick={() => onShowTriggers(s)}
                    data-testid="audit-signal-triggers"
                  >
                    {t("auditSignalShowTriggers")}
                  </Button>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    );
  };

  const panel = selected ? <DetailsPanel entry={selected} onClose={() => setSelected(undefined)} /> : undefined;
  return (
    <Drawer isExpanded={selected !== undefined}>
      <DrawerContent panelContent={panel}>
        <DrawerContentBody aria-busy={loading} data-testid="audit-signals" data-view={shown} data-loads={loads}>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <ToggleGroup aria-label={t("auditDateRange")}>
                  {PRESETS.map((p) => (
                    <ToggleGroupItem
                      key={p.id}
                      text={t(p.key)}
                      buttonId={`audit-signals-range-${p.id}`}
                      isSelected={range === p.id}
                      onChange={() => {
                        setRange(p.id);
                        setPageNumber(1);
                      }}
                    />
                  ))}
                </ToggleGroup>
              </ToolbarItem>
              <ToolbarItem>
                <Button variant="plain" aria-label={t("auditRefresh")} onClick={() => void load()} data-testid="audit-signals-refresh">
                  <SyncAltIcon />
                </Button>
              </ToolbarItem>
              <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
                <Pagination
                  itemCount={total}
                  page={pageNumber}
                  perPage={perPage}
                  perPageOptions={PER_PAGE.map((n) => ({ title: String(n), value: n }))}
                  onSetPage={(_e, p) => setPageNumber(p)}
                  onPerPageSelect={(_e, n) => {
                    setPerPage(n);
                    setPageNumber(1);
                  }}
                  isCompact
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
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          {table()}
        </DrawerContentBody>
      </DrawerContent>
    </Drawer>
  );
}
