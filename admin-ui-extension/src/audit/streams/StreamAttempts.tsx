import { Alert, Button, Label, Spinner, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Stream, StreamAttempt } from "../../api/streamTypes";

/** The stream's last delivery attempts, newest first (GET streams/{id}/attempts: up to 100). */
export function StreamAttempts({ api, stream }: { api: AuditApi; stream: Stream }) {
  const { t, i18n } = useTranslation();
  const [attempts, setAttempts] = useState<StreamAttempt[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(
    () =>
      api
        .streamAttempts(stream.id)
        .then((a) => {
          setAttempts(a);
          setError(undefined);
        })
        .catch((e) => setError((e as Error).message)),
    [api, stream.id],
  );
  // Read again whenever the list refreshed the stream (its counts moved).
  useEffect(() => {
    void load();
  }, [load, stream.status.delivered, stream.status.failed, stream.updated]);

  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  const n = (v: number) => v.toLocaleString(i18n.language);
  return (
    <>
      <Title headingLevel="h4" className="pf-v5-u-mb-sm">
        {t("auditStreamAttempts")}{" "}
        <Button variant="link" isInline onClick={() => void load()}>
          {t("auditRefresh")}
        </Button>
      </Title>
      {error && <Alert variant="danger" isInline title={error} />}
      {!attempts && !error && <Spinner size="md" aria-label={t("auditLoading")} />}
      {attempts && attempts.length === 0 && <p data-testid="audit-stream-no-attempts">{t("auditStreamNoAttempts")}</p>}
      {attempts && attempts.length > 0 && (
        <Table aria-label={t("auditStreamAttempts")} variant="compact" borders={false} data-testid="audit-stream-attempts">
          <Thead>
            <Tr>
              <Th>{t("auditTime")}</Th>
              <Th>{t("auditStreamSequence")}</Th>
              <Th>{t("auditStreamEntries")}</Th>
              <Th>{t("auditStatus")}</Th>
              <Th>{t("auditStreamError")}</Th>
              <Th>{t("auditStreamDuration")}</Th>
              <Th>{t("auditStreamNode")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {attempts.map((a) => (
              <Tr key={a.number} data-testid="audit-stream-attempt" data-ok={String(a.ok)}>
                <Td>{time.format(new Date(a.time))}</Td>
                <Td>{a.firstSeq != null ? `${a.firstSeq}–${a.lastSeq}` : a.node === "test" ? t("auditStreamTestEvent") : "—"}</Td>
                <Td>{n(a.entries)}</Td>
                <Td>
                  <Label color={a.ok ? "green" : "red"} isCompact>
                    {a.ok ? t("auditStreamOk") : t("auditStreamFailedAttempt")}
                    {a.status != null ? ` · ${a.status}` : ""}
                  </Label>
                </Td>
                <Td modifier="breakWord">{a.error ?? "—"}</Td>
                <Td>{n(a.durationMs)} ms</Td>
                <Td>{a.node ?? "—"}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
}
