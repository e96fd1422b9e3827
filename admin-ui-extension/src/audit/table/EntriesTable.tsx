import { Button, Label, Truncate } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, ThProps, Tr } from "@patternfly/react-table";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Entry } from "../../api/types";
import { actorName, resourceLink, teamNames } from "./resourceLink";

/** The columns a click on the header sorts by, as the API names them (organization and team cannot be sorted). */
const COLUMNS: { key: string; sort?: string }[] = [
  { key: "auditTime", sort: "time" },
  { key: "auditActor", sort: "actor" },
  { key: "auditAction", sort: "action" },
  { key: "auditCategory", sort: "category" },
  { key: "auditResource", sort: "resourceType" },
  { key: "auditOutcome", sort: "outcome" },
  { key: "auditIp", sort: "ip" },
  { key: "auditOrganization" },
  { key: "auditTeam" },
];

type Props = {
  realm: string;
  entries: Entry[];
  sort: string;
  order: "asc" | "desc";
  onSort: (sort: string, order: "asc" | "desc") => void;
  onOpen: (entry: Entry) => void;
  selectedId?: string;
  fresh: Set<string>;
  linkResources: boolean;
  /** The Team column: only where the scope has teams (Keycloak 26.4 and 26.5 have none). */
  showTeams: boolean;
};

export function EntriesTable({ realm, entries, sort, order, onSort, onOpen, selectedId, fresh, linkResources, showTeams }: Props) {
  const columns = showTeams ? COLUMNS : COLUMNS.filter((c) => c.key !== "auditTeam");
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  const sortable = (index: number): ThProps["sort"] | undefined => {
    const column = columns[index].sort;
    if (!column) return undefined;
    return {
      sortBy: { index: columns.findIndex((c) => c.sort === sort), direction: order },
      onSort: (_e, _i, direction) => onSort(column, direction),
      columnIndex: index,
    };
  };

  return (
    <Table aria-label={t("auditLog")} variant="compact" isStriped data-testid="audit-table">
      <Thead>
        <Tr>
          {columns.map((c, i) => (
            <Th key={c.key} sort={sortable(i)} modifier="nowrap">
              {t(c.key)}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {entries.map((e) => {
          const link = linkResources ? resourceLink(realm, e) : undefined;
          const type = e.resource?.type && t(`auditResourceType_${e.resource.type}`, { defaultValue: e.resource.type });
          const resource = [type, e.resource?.name ?? e.resource?.id].filter(Boolean).join(" · ");
          return (
            <Tr
              key={e.id}
              isClickable
              isRowSelected={e.id === selectedId}
              onRowClick={(event) => {
                // a resource link in the row goes to its page instead
                if ((event?.target as HTMLElement | undefined)?.closest("a")) return;
                onOpen(e);
              }}
              className={fresh.has(e.id) ? "audit-log__row--new" : undefined}
              data-testid="audit-row"
              data-entry-id={e.id}
            >
              <Td dataLabel={t("auditTime")} modifier="nowrap" style={{ whiteSpace: "nowrap" }}>
                <Button variant="link" isInline onClick={() => onOpen(e)} aria-label={t("auditOpenDetails")} style={{ whiteSpace: "nowrap" }}>
                  {time.format(new Date(e.time))}
                </Button>
              </Td>
              <Td dataLabel={t("auditActor")}>{actorName(e, t)}</Td>
              <Td dataLabel={t("auditAction")}>{e.actionLabel}</Td>
              <Td dataLabel={t("auditCategory")}>{e.categoryLabel}</Td>
              <Td dataLabel={t("auditResource")}>
                {link ? <Link to={link}>{resource}</Link> : <Truncate content={resource || "—"} />}
              </Td>
              <Td dataLabel={t("auditOutcome")}>
                <Label color={e.outcome.result === "success" ? "green" : "red"} isCompact>
                  {t(`auditOutcome_${e.outcome.result}`)}
                </Label>
              </Td>
              <Td dataLabel={t("auditIp")}>{e.ipAddress ?? "—"}</Td>
              <Td dataLabel={t("auditOrganization")}>{e.organizations.map((o) => o.name).join(", ") || "—"}</Td>
              {showTeams && (
                <Td dataLabel={t("auditTeam")} data-testid="audit-cell-team">
                  {teamNames(e) || "—"}
                </Td>
              )}
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
