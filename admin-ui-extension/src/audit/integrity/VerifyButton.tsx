import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalVariant,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Verification } from "../../api/types";

/** Runs GET verify over the whole log and shows what it found: counts, and each problem at its seal and entry. */
export function VerifyButton({ api }: { api: AuditApi }) {
  const { t, i18n } = useTranslation();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Verification>();
  const [error, setError] = useState<string>();
  const n = (v: number) => v.toLocaleString(i18n.language);

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api.verify());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button variant="secondary" onClick={run} isLoading={running} isDisabled={running} data-testid="audit-verify">
        {t("auditVerify")}
      </Button>
      <Modal
        variant={ModalVariant.medium}
        title={t("auditVerifyTitle")}
        isOpen={result !== undefined || error !== undefined}
        onClose={() => {
          setResult(undefined);
          setError(undefined);
        }}
      >
        {error && <Alert variant="danger" isInline title={error} />}
        {result && (
          <div data-testid="audit-verify-result">
            {result.verified ? (
              <Alert variant="success" isInline title={t("auditVerified")} />
            ) : (
              <Alert variant="danger" isInline title={t("auditNotVerified", { seal: result.firstBadSeal })} />
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
            {result.problems.length > 0 && (
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
                  {result.problems.map((p, i) => (
                    <Tr key={i}>
                      <Td>{p.seal}</Td>
                      <Td>{p.kind}</Td>
                      <Td>{p.entryId ?? (p.seq ? `#${p.seq}` : "—")}</Td>
                      <Td>{p.message}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
