import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  NumberInput,
  Spinner,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import { ApiError, AuditConfig } from "../../api/types";
import { SignalSettingsSection } from "./SignalSettingsSection";

/**
 * Every category the listener captures (model/Category.java); the settings choose which. Not `security`: its entries
 * are raised by the signal rules, which have their own section.
 */
export const CATEGORIES = [
  "authentication",
  "credentials",
  "users",
  "members",
  "roles",
  "clients",
  "organizations",
  "scim",
  "identity-providers",
  "realm-settings",
  "audit",
];

type Props = { api: AuditApi; editable: boolean };

/**
 * The realm's audit settings. Read-only for auditors; saving needs manage-events (the server checks it again).
 * A 400 is shown next to the field it names.
 */
const MIB = 1024 * 1024;

export function SettingsTab({ api, editable }: Props) {
  const { t } = useTranslation();
  const [config, setConfig] = useState<AuditConfig>();
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  // Typed as text and parsed on save, so a comma being typed does not vanish.
  const [redacted, setRedacted] = useState("");

  useEffect(() => {
    api
      .config()
      .then((c) => {
        setConfig(c);
        setRedacted(c.redactedAttributes.join(", "));
      })
      .catch((e) => setError(e as ApiError));
  }, [api]);

  if (!config) return error ? <Alert variant="danger" isInline title={error.message} /> : <Spinner aria-label={t("auditLoading")} />;
  const set = <K extends keyof AuditConfig>(key: K, value: AuditConfig[K]) => {
    setSaved(false);
    setConfig({ ...config, [key]: value });
  };
  const fieldError = (field: string) =>
    error?.parameter === field ? (
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant="error">{error.message}</HelperTextItem>
        </HelperText>
      </FormHelperText>
    ) : null;
  const number = (
    field: "retentionDays" | "exportMaxDays" | "exportFileDays" | "readRequestsPerMinute",
    min: number,
  ) => (
    <FormGroup label={t(`auditSetting_${field}`)} fieldId={`audit-setting-${field}`}>
      <NumberInput
        id={`audit-setting-${field}`}
        inputName={field}
        inputAriaLabel={t(`auditSetting_${field}`)}
        value={config[field]}
        min={min}
        isDisabled={!editable}
        onMinus={() => set(field, Math.max(min, config[field] - 1))}
        onPlus={() => set(field, config[field] + 1)}
        onChange={(e) => set(field, Number((e.target as HTMLInputElement).value))}
      />
      <FormHelperText>
        <HelperText>
          <HelperTextItem>{t(`auditSettingHelp_${field}`)}</HelperTextItem>
        </HelperText>
      </FormHelperText>
      {fieldError(field)}
    </FormGroup>
  );

  return (
    <Form
      isWidthLimited
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const stored = await api.saveConfig({
            ...config,
            redactedAttributes: redacted.split(",").map((a) => a.trim()).filter(Boolean),
          });
          setConfig(stored);
          setRedacted(stored.redactedAttributes.join(", "));
          setError(undefined);
          setSaved(true);
        } catch (err) {
          setError(err as ApiError);
        }
      }}
      data-testid="audit-settings"
    >
      {!editable && <Alert variant="info" isInline isPlain title={t("auditSettingsReadOnly")} />}
      {error && !error.parameter && <Alert variant="danger" isInline title={error.message} />}
      {saved && <Alert variant="success" isInline title={t("auditSettingsSaved")} />}
      {number("retentionDays", 0)}
      <FormGroup label={t("auditSetting_legalHold")} fieldId="audit-setting-legalHold">
        <Switch
          id="audit-setting-legalHold"
          isChecked={config.legalHold}
          isDisabled={!editable}
          onChange={(_e, v) => set("legalHold", v)}
          label={t("auditSettingHelp_legalHold")}
        />
      </FormGroup>
      <FormGroup label={t("auditSetting_categories")} fieldId="audit-setting-categories" role="group" isStack>
        {CATEGORIES.map((c) => (
          <Checkbox
            key={c}
            id={`audit-setting-category-${c}`}
            label={t(`auditCategory_${c}`)}
            isChecked={config.categories.includes(c)}
            isDisabled={!editable}
            onChange={(_e, checked) =>
              set("categories", checked ? [...config.categories, c] : config.categories.filter((x) => x !== c))
            }
          />
        ))}
        {fieldError("categories")}
      </FormGroup>
      {(["highVolumeEvents", "storeIpAddress", "includeDetails"] as const).map((field) => (
        <FormGroup key={field} label={t(`auditSetting_${field}`)} fieldId={`audit-setting-${field}`}>
          <Switch
            id={`audit-setting-${field}`}
            isChecked={config[field]}
            isDisabled={!editable}
            onChange={(_e, v) => set(field, v)}
            label={t(`auditSettingHelp_${field}`)}
          />
        </FormGroup>
      ))}
      <FormGroup label={t("auditSetting_redactedAttributes")} fieldId="audit-setting-redactedAttributes">
        <TextInput
          id="audit-setting-redactedAttributes"
          value={redacted}
          isDisabled={!editable}
          onChange={(_e, v) => {
            setSaved(false);
            setRedacted(v);
          }}
        />
        <FormHelperText>
          <HelperText>
            <HelperTextItem>{t("auditSettingHelp_redactedAttributes")}</HelperTextItem>
          </HelperText>
        </FormHelperText>
        {fieldError("redactedAttributes")}
      </FormGroup>
      {number("exportMaxDays", 1)}
      {number("exportFileDays", 1)}
      <FormGroup label={t("auditSetting_exportStorageMaxBytes")} fieldId="audit-setting-exportStorageMaxBytes">
        <NumberInput
          id="audit-setting-exportStorageMaxBytes"
          inputName="exportStorageMaxBytes"
          inputAriaLabel={t("auditSetting_exportStorageMaxBytes")}
          value={Math.round(config.exportStorageMaxBytes / MIB)}
          min={1}
          isDisabled={!editable}
          onMinus={() => set("exportStorageMaxBytes", Math.max(MIB, config.exportStorageMaxBytes - MIB))}
          onPlus={() => set("exportStorageMaxBytes", config.exportStorageMaxBytes + MIB)}
          onChange={(e) => set("exportStorageMaxBytes", Number((e.target as HTMLInputElement).value) * MIB)}
        />
        <FormHelperText>
          <HelperText>
            <HelperTextItem>{t("auditSettingHelp_exportStorageMaxBytes")}</HelperTextItem>
          </HelperText>
        </FormHelperText>
        {fieldError("exportStorageMaxBytes")}
      </FormGroup>
      {number("readRequestsPerMinute", 0)}
      {config.signals && (
        <SignalSettingsSection
          signals={config.signals}
          editable={editable}
          onChange={(signals) => set("signals", signals)}
          error={error}
          fieldError={fieldError}
        />
      )}
      {editable && (
        <ActionGroup>
          <Button type="submit" data-testid="audit-settings-save">
            {t("auditSave")}
          </Button>
        </ActionGroup>
      )}
    </Form>
  );
}
