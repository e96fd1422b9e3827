import {
  AlertVariant,
  Divider,
  Dropdown,
  DropdownGroup,
  DropdownItem,
  DropdownList,
  MenuToggle,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";

export const FORMATS = [
  { id: "csv", key: "auditFormatCsv" },
  { id: "xlsx", key: "auditFormatXlsx" },
  { id: "pdf", key: "auditFormatPdf" },
  { id: "jsonl", key: "auditFormatJson" },
];

type Props = {
  api: AuditApi;
  /** The current view's filters and sort, as the API takes them. */
  query: () => URLSearchParams;
  notify: (variant: AlertVariant, title: string, detail?: string) => void;
  onJobStarted: () => void;
};

/**
 * Exports the current view: downloaded at once, or run as a background job that Export history follows
 * (for ranges too big to wait for). Both take exactly the filters and sort on screen.
 */
export function ExportMenu({ api, query, notify, onJobStarted }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const now = async (format: string) => {
    setOpen(false);
    setBusy(true);
    const q = query();
    q.set("format", format);
    q.delete("max");
    q.delete("first");
    try {
      const name = await api.exportNow(q);
      notify(AlertVariant.success, t("auditExportDownloaded", { name }));
    } catch (e) {
      notify(AlertVariant.danger, t("auditExportFailed"), (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const job = async (format: string) => {
    setOpen(false);
    const body: Record<string, unknown> = { format };
    query().forEach((value, key) => {
      // Plain strings: the server splits multi-valued filters on commas itself, and q may contain commas.
      if (key !== "max" && key !== "first") body[key] = value;
    });
    try {
      await api.requestExport(body);
      notify(AlertVariant.info, t("auditExportJobStarted"));
      onJobStarted();
    } catch (e) {
      notify(AlertVariant.danger, t("auditExportFailed"), (e as Error).message);
    }
  };

  return (
    <Dropdown
      isOpen={open}
      onOpenChange={setOpen}
      popperProps={{ position: "right" }}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} isDisabled={busy} data-testid="audit-export-toggle">
          {busy ? t("auditExporting") : t("auditExport")}
        </MenuToggle>
      )}
    >
      <DropdownGroup label={t("auditExportNow")}>
        <DropdownList>
          {FORMATS.map((f) => (
            <DropdownItem key={f.id} onClick={() => now(f.id)} data-testid={`audit-export-${f.id}`}>
              {t(f.key)}
            </DropdownItem>
          ))}
        </DropdownList>
      </DropdownGroup>
      <Divider />
      <DropdownGroup label={t("auditExportInBackground")}>
        <DropdownList>
          {FORMATS.map((f) => (
            <DropdownItem key={f.id} onClick={() => job(f.id)} data-testid={`audit-export-job-${f.id}`}>
              {t(f.key)}
            </DropdownItem>
          ))}
        </DropdownList>
      </DropdownGroup>
    </Dropdown>
  );
}
