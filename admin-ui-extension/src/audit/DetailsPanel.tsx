import {
  Button,
  CodeBlock,
  CodeBlockAction,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  DrawerActions,
  DrawerCloseButton,
  DrawerHead,
  DrawerPanelBody,
  DrawerPanelContent,
  Label,
  Title,
} from "@patternfly/react-core";
import { CopyIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Entry } from "../api/types";
import { deviceOf, placeOf } from "./origin";
import { actorName, teamNames } from "./table/resourceLink";

type Props = { entry: Entry; onClose: () => void };

/** Everything recorded about one entry: the fields, the changes as old → new, and the raw JSON to copy. */
export function DetailsPanel({ entry, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState(false);
  const json = JSON.stringify(entry, null, 2);
  const copy = async () => {
    await navigator.clipboard.writeText(json);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  const field = (label: string, value?: React.ReactNode, testId?: string) =>
    value === undefined || value === null || value === "" ? null : (
      <DescriptionListGroup>
        <DescriptionListTerm>{label}</DescriptionListTerm>
        <DescriptionListDescription data-testid={testId}>{value}</DescriptionListDescription>
      </DescriptionListGroup>
    );

  return (
    <DrawerPanelContent widths={{ default: "width_50" }} isResizable data-testid="audit-details">
      <DrawerHead>
        <Title headingLevel="h2" size="xl">
          {entry.actionLabel}
        </Title>
        <DrawerActions>
          <DrawerCloseButton onClick={onClose} aria-label={t("auditCloseDetails")} />
        </DrawerActions>
      </DrawerHead>
      <DrawerPanelBody>
        <DescriptionList isHorizontal isCompact>
          {field(t("auditTime"), new Date(entry.time).toLocaleString(i18n.language) + ` (${new Date(entry.time).toISOString()})`)}
          {field(t("auditEntryId"), entry.id, "audit-details-id")}
          {field(
            t("auditActor"),
            entry.actor.type === "system"
              ? actorName(entry, t)
              : `${actorName(entry)} (${t(`auditActorType_${entry.actor.type}`, { defaultValue: entry.actor.type })}${entry.actor.id ? `, ${entry.actor.id}` : ""})`,
          )}
          {field(t("auditActorEmail"), entry.actor.email)}
          {field(t("auditActorClient"), entry.actor.clientId)}
          {field(t("auditAction"), `${entry.actionLabel} (${entry.action})`)}
          {field(t("auditCategory"), entry.categoryLabel)}
          {field(
            t("auditOutcome"),
            <>
              <Label color={entry.outcome.result === "success" ? "green" : "red"} isCompact>
                {t(`auditOutcome_${entry.outcome.result}`)}
              </Label>{" "}
              {entry.outcome.reason}
            </>,
          )}
          {field(t("auditResourceType"), entry.resource?.type && t(`auditResourceType_${entry.resource.type}`, { defaultValue: entry.resource.type }))}
          {field(t("auditRecordId"), entry.resource?.id)}
          {field(t("auditResourceName"), entry.resource?.name)}
          {field(t("auditOrganization"), entry.organizations.map((o) => o.name).join(", "))}
          {field(t("auditTeam"), teamNames(entry))}
          {field(t("auditIp"), entry.ipAddress)}
          {field(t("auditLocation"), placeOf(entry.origin, i18n.language))}
          {field(t("auditDevice"), deviceOf(entry.origin, t))}
          {field(t("auditUserAgent"), entry.origin?.userAgent)}
          {field(t("auditSession"), entry.sessionId)}
          {field(t("auditSource"), t(`auditSource_${entry.source}`, { defaultValue: entry.source }))}
        </DescriptionList>
        {entry.changes.length > 0 && (
          <>
            <Title headingLevel="h3" size="md" className="pf-v5-u-mt-lg">
              {t("auditChanges")}
            </Title>
            <Table variant="compact" aria-label={t("auditChanges")} data-testid="audit-changes">
              <Thead>
                <Tr>
                  <Th>{t("auditField")}</Th>
                  <Th>{t("auditOld")}</Th>
                  <Th aria-hidden />
                  <Th>{t("auditNew")}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {entry.changes.map((c) => (
                  <Tr key={c.field}>
                    <Td>{c.field}</Td>
                    <Td>{c.old ?? "—"}</Td>
                    <Td aria-hidden>→</Td>
                    <Td>{c.new ?? "—"}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </>
        )}
        <Title headingLevel="h3" size="md" className="pf-v5-u-mt-lg pf-v5-u-mb-sm">
          {t("auditRawJson")}
        </Title>
        <CodeBlock
          actions={
            <CodeBlockAction>
              <Button variant="plain" aria-label={t("auditCopyJson")} data-testid="audit-copy-json" onClick={copy}>
                <CopyIcon /> {copied ? t("auditCopied") : ""}
              </Button>
            </CodeBlockAction>
          }
        >
          <CodeBlockCode data-testid="audit-raw-json">{json}</CodeBlockCode>
        </CodeBlock>
      </DrawerPanelBody>
    </DrawerPanelContent>
  );
}
