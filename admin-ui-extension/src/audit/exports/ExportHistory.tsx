import {
  Alert,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Label,
  Progress,
  ProgressSize,
  Spinner,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { ExportJob } from "../../api/types";

const STATUS_COLOR: Record<string, "blue" | "green" | "red" | "grey"> = {
  Pending: "grey",
  Running: "blue",
  Completed: "green",
  Failed: "red",
};

function size(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The caller's export jobs, refreshed every 2 s while one is unfinished; Download once Completed. */
export function ExportHistory({ api }: { api: AuditApi }) {
  const { t, i18n } = useTranslation();
  const [jobs, setJobs] = useState<ExportJob[]>();
  const [error, setError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const act = async (action: () => Promise<unknown>) => {
    try {
      setActionError(undefined);
      await action();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  const load = useCallback(
    () =>
      api
        .exports()
        .then((j) => {
          setJobs(j);
          setError(undefined);
        })
        .catch((e) => setError((e as Error).message)),
    [api],
  );

  useEffect(() => {
    void load();
  }, [load]);
  const unfinished = jobs?.some((j) => j.status === "Pending" || j.status === "Running");
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [unfinished, load]);

  if (error) return <Alert variant="danger" isInline title={t("auditLoadFailed")}>{error}</Alert>;
  if (!jobs) return <Spinner aria-label={t("auditLoading")} />;
  if (jobs.length === 0)
    return (
      <EmptyState>
        <EmptyStateHeader titleText={t("auditNoExports")} headingLevel="h3" />
        <EmptyStateBody>{t("auditNoExportsHint")}</EmptyStateBody>
      </EmptyState>
    );
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
    {actionError && <Alert variant="danger" isInline title={actionError} className="pf-v5-u-mb-md" />}
    <Table aria-label={t("auditExportHistory")} variant="compact" data-testid="audit-export-history">
      <Thead>
        <Tr>
          <Th>{t("auditExportName")}</Th>
          <Th>{t("auditFormat")}</Th>
          <Th>{t("auditRequested")}</Th>
          <Th>{t("auditStatus")}</Th>
          <Th>{t("auditProgress")}</Th>
          <Th>{t("auditRows")}</Th>
          <Th>{t("auditSize")}</Th>
          <Th screenReaderText={t("auditActions")} />
        </Tr>
      </Thead>
      <Tbody>
        {jobs.map((j) => (
          <Tr key={j.id} data-testid="audit-export-job" data-status={j.status} data-job-id={j.id}>
            <Td>{j.name}</Td>
            <Td>{j.format.toUpperCase()}</Td>
            <Td>
              {time.format(new Date(j.createdTime))} · {j.requestedBy}
            </Td>
            <Td>
              <Label color={STATUS_COLOR[j.status] ?? "grey"} isCompact>
                {t(`auditStatus_${j.status}`)}
              </Label>
              {j.error && <div className="pf-v5-u-font-size-sm">{j.error}</div>}
            </Td>
            <Td style={{ minWidth: "10rem" }}>
              <Progress value={j.progress} size={ProgressSize.sm} aria-label={t("auditProgress")} />
            </Td>
            <Td>{j.rowCount.toLocaleString(i18n.language)}</Td>
            <Td>{j.status === "Completed" ? size(j.sizeBytes) : "—"}</Td>
            <Td isActionCell>
              {j.status === "Completed" && (
                <Button variant="secondary" size="sm" onClick={() => act(() => api.downloadExport(j.id))} data-testid="audit-export-download">
                  {t("auditDownload")}
                </Button>
              )}{" "}
              <Button
                variant="plain"
                size="sm"
                onClick={() =>
                  act(async () => {
                    await api.deleteExport(j.id);
                    await load();
                  })
                }
              >
                {t("auditDelete")}
              </Button>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
    </>
  );
}
