import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalVariant,
  Progress,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { FullCheckStatus, Verification } from "../../api/types";

type Problem = Verification["problems"][number];
const POLL_MS = 1500;

/**
 * Runs the incremental GET verify (only the seals after the last clean check, a bounded amount per call: the console
 * never starts an unbounded check) and shows what it found. The whole log's check is a background job started here,
 * whose progress the dialog follows.
 */
export function VerifyButton({ api }: { api: AuditApi }) {
  const { t, i18n } = useTranslation();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Verification>();
  const [full, setFull] = useState<FullCheckStatus>();
  const [error, setError] = useState<string>();
  const n = (v: number) => v.toLocaleString(i18n.language);
  const open = result !== undefined || error !== undefined;

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      const [verification, status] = await Promise.all([api.verify(), api.fullCheck()]);
      setResult(verification);
      setFull(status);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  const startFull = async () => {
    try {
      setFull(await api.startFullCheck());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // Follow a running full check while the dialog is open.
  useEffect(() => {
    if (!open || full?.state !== "running") return;
    const timer = setTimeout(async () => {
      try {
        setFull(await api.fullCheck());
      } catch (e) {
        setError((e as Error).message);
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, open, full]);

  return (
    <>
      <Button variant="secondary" onClick={run} isLoading={running} isDisabled={running} data-testid="audit-verify">
        {t("auditVerify")}
      </Button>
      <Modal
        variant={ModalVariant.medium}
        title={t("auditVerifyTitle")}
        isOpen={open}
        onClose={() => {
          setResult(undefined);
          setFull(undefined);
          setError(undefined);
        }}
      >
        {error && <Alert variant="danger" isInline title={error} />}
        {result && (
          <div data-testid="audit-verify-result" data-from-seal={result.fromSeal}>
            {result.verified ? (
              <Alert variant="success" isInline title={t("auditVerified")} />
            ) : (
              <Alert variant="danger" isInline title={t("auditNotVerified", { seal: result.firstBadSeal })} />
            )}
            <p className="pf-v5-u-mt-sm" data-testid="audit-verify-scope">
              {result.throughSeal != null && result.throughSeal >= (result.fromSeal ?? 1)
                ? t("auditVerifyNew", { from: n(result.fromSeal ?? 1), to: n(result.throughSeal) })
                : t("auditVerifyNothingNew")}
            </p>
            {!result.complete && result.verified && (
              <Alert
                variant="info"
                isInline
                className="pf-v5-u-mt-sm"
                data-testid="audit-verify-more"
                title={t("auditVerifyMore", { n: n(result.entriesRemaining ?? 0) })}
                actionLinks={
                  <Button variant="link" isInline onClick={run} isDisabled={running}>
                    {t("auditVerifyAgain")}
                  </Button>
                }
              />
            )}
            <DescriptionList isHorizontal isCompact className="pf-v5-u-mt-md">
              {(
                [
                  ["auditEntriesVerified", result.entriesVerified],
                  ["auditSealsVerified", result.sealsVerified],
                  ["auditSealsPurged", result.sealsPurged],
                  ["auditEntriesNotYetSealed", result.entriesNotYetSealed],
                ] as const
              ).map(([key, value]) => (
                <DescriptionListGroup key={key}>
                  <DescriptionListTerm>{t(key)}</DescriptionListTerm>
                  <DescriptionListDescription data-testid={key}>{n(value)}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
            <Problems problems={result.problems} />
          </div>
        )}
        {result && full && <FullCheck status={full} onStart={startFull} />}
      </Modal>
    </>
  );
}

/** The background full check: when it last ran and how it ended, its progress while it runs, and a start button. */
function FullCheck({ status, onStart }: { status: FullCheckStatus; onStart: () => void }) {
  const { t, i18n } = useTranslation();
  const date = (ms?: number | null) => (ms ? new Date(ms).toLocaleString(i18n.language) : "—");
  const report = status.report as Verification | null | undefined;
  return (
    <section className="pf-v5-u-mt-lg" data-testid="audit-full-check" data-state={status.state}>
      <Title headingLevel="h3" size="md">
        {t("auditFullCheck")}
      </Title>
      <p className="pf-v5-u-mb-sm">{t("auditFullCheckHelp")}</p>
      {status.state === "running" ? (
        <Progress
          value={status.percent}
          title={t("auditFullCheckRunning", {
            checked: status.sealsChecked.toLocaleString(i18n.language),
            total: status.sealsTotal.toLocaleString(i18n.language),
            entries: status.entriesVerified.toLocaleString(i18n.language),
          })}
          data-testid="audit-full-check-progress"
        />
      ) : (
        <>
          <p data-testid="audit-full-check-state">
            {t(`auditFullCheck_${status.state}`, {
              date: date(status.finishedAt),
              entries: status.entriesVerified.toLocaleString(i18n.language),
            })}
          </p>
          {report && status.state === "problems" && <Problems problems={report.problems ?? []} />}
          <Button variant="secondary" className="pf-v5-u-mt-sm" onClick={onStart} data-testid="audit-full-check-start">
            {t("auditFullCheckStart")}
          </Button>
        </>
      )}
    </section>
  );
}

function Problems({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Table variant="compact" aria-label={t("auditProblems")} className="pf-v5-u-mt-md">
      <Thead>
        <Tr>
          <Th>{t("auditSeal")}</Th>
          <Th>{t("auditProblem")}</Th>
          <Th>{t("auditEntryId")}</Th>
          <Th>{t("auditWhy")}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {problems.map((p, i) => (
          <Tr key={i}>
            <Td>{p.seal}</Td>
            <Td>{p.kind}</Td>
            <Td>{p.entryId ?? (p.seq ? `#${p.seq}` : "—")}</Td>
            <Td>{p.message}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
