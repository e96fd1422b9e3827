import {
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  Switch,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Stream } from "../../api/streamTypes";
import { ApiError, Me } from "../../api/types";
import { CheckboxSelect, Option } from "../filters/CheckboxSelect";
import { CATEGORIES } from "../settings/SettingsTab";
import { Draft, OUTCOMES, SOURCES, STREAM_TYPES, draftOf, emptyDraft, maskedUrl, requestOf } from "./streamForm";

type Props = {
  api: AuditApi;
  me: Me;
  /** The stream being changed; none to create one. */
  editing?: Stream;
  /** Changes to start from (e.g. paused flipped when pausing a stream whose URL must be given again). */
  start?: Partial<Draft>;
  onClose: () => void;
  onSaved: (stream: Stream, created: boolean) => void;
};

/** Creates a stream or changes one (PUT: the whole definition; secrets left blank are kept). A 400 shows at its field. */
export function StreamFormModal({ api, me, editing, start, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => ({ ...(editing ? draftOf(editing) : emptyDraft()), ...start }));
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const [actions, setActions] = useState<Option[]>([]);
  const [organizations, setOrganizations] = useState<Option[]>(
    // A team admin's organizations are not theirs to filter by (only their teams are): they get no options.
    me.realmWide ? [] : me.organizations.filter((o) => !o.teams?.length).map((o) => ({ id: o.id, label: o.name })),
  );

  useEffect(() => {
    // The vocabulary of GET entries: the filter takes the same ids.
    api
      .facets()
      .then((f) => {
        setActions(f.actions.map((a) => ({ id: a.id, label: `${a.label} (${a.id})` })));
        if (me.realmWide) setOrganizations(f.organizations.map((o) => ({ id: o.id, label: o.name })));
      })
      .catch(() => undefined); // the filter's other fields still work
  }, [api, me]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const urlMasked = !!editing && maskedUrl(editing.url);
  const fieldError = (...fields: string[]) =>
    error?.parameter && fields.includes(error.parameter) ? (
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant="error" data-testid="audit-stream-field-error">
            {error.message}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    ) : null;
  const help = (text: string) => (
    <FormHelperText>
      <HelperText>
        <HelperTextItem>{text}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
  const input = (field: keyof Draft & string, label: string, options: { required?: boolean; help?: string; type?: "text" | "password" } = {}) => (
    <FormGroup label={label} fieldId={`audit-stream-${field}`} isRequired={options.required}>
      <TextInput
        id={`audit-stream-${field}`}
        data-testid={`audit-stream-${field}`}
        type={options.type ?? "text"}
        autoComplete="off"
        value={draft[field] as string}
        onChange={(_e, v) => set(field, v as never)}
        validated={error?.parameter === field ? "error" : "default"}
      />
      {options.help && help(options.help)}
      {fieldError(field)}
    </FormGroup>
  );
  const select = (field: keyof Draft & string, label: string, values: string[], labelOf = (v: string) => v) => (
    <FormGroup label={label} fieldId={`audit-stream-${field}`}>
      <FormSelect
        id={`audit-stream-${field}`}
        data-testid={`audit-stream-${field}`}
        value={draft[field] as string}
        onChange={(_e, v) => set(field, v as never)}
        isDisabled={field === "type" && !!editing}
      >
        {values.map((v) => (
          <FormSelectOption key={v} value={v} label={labelOf(v)} />
        ))}
      </FormSelect>
      {fieldError(field)}
    </FormGroup>
  );
  const keptHelp = editing ? t("auditStreamSecretKept") : undefined;

  const save = async () => {
    setSaving(true);
    try {
      const body = requestOf(draft);
      const stored = editing ? await api.updateStream(editing.id, body) : await api.createStream(body);
      onSaved(stored, !editing);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.medium}
      title={editing ? t("auditStreamEditTitle", { name: editing.name }) : t("auditStreamCreate")}
      isOpen
      onClose={onClose}
      actions={[
        <Button key="save" onClick={save} isLoading={saving} isDisabled={saving} data-testid="audit-stream-save">
          {editing ? t("auditSave") : t("auditStreamCreateButton")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("auditCancel")}
        </Button>,
      ]}
    >
      <Form id="audit-stream-form" onSubmit={(e) => e.preventDefault()} data-testid="audit-stream-form">
        {error && !error.parameter && <Alert variant="danger" isInline title={error.message} data-testid="audit-stream-form-error" />}
        {error?.parameter && <Alert variant="danger" isInline isPlain title={t("auditStreamFixField", { field: error.parameter })} />}
        {input("name", t("auditStreamName"), { required: true })}
        {select("type", t("auditStreamType"), STREAM_TYPES, (v) => t(`auditStreamType_${v}`))}
        {draft.type !== "kafka" &&
          input("url", t("auditStreamUrl"), {
            required: true,
            help: urlMasked ? t("auditStreamUrlAgain") : t(`auditStreamUrlHelp_${draft.type}`),
          })}
        {draft.type === "kafka" && (
          <>
            {input("bootstrapServers", t("auditStreamBootstrapServers"), { required: true, help: t("auditStreamBootstrapServersHelp") })}
            {input("topic", t("auditStreamTopic"), { required: true })}
            {select("securityProtocol", t("auditStreamSecurityProtocol"), ["SSL", "SASL_SSL", "PLAINTEXT"])}
            {draft.securityProtocol === "SASL_SSL" && (
              <>
                {select("saslMechanism", t("auditStreamSaslMechanism"), ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])}
                {input("saslUsername", t("auditStreamSaslUsername"), { required: true })}
                {input("saslPassword", t("auditStreamSaslPassword"), {
                  type: "password",
                  required: !editing,
                  help: keptHelp ?? t("auditStreamWriteOnly"),
                })}
              </>
            )}
          </>
        )}
        {draft.type === "splunk-hec" && (
          <>
            {input("token", t("auditStreamToken"), { type: "password", required: !editing, help: keptHelp ?? t("auditStreamWriteOnly") })}
            {input("index", t("auditStreamIndex"))}
            {input("sourcetype", t("auditStreamSourcetype"), { help: t("auditStreamSourcetypeHelp") })}
            {input("source", t("auditStreamSourceField"))}
          </>
        )}
        {draft.type === "webhook" && (
          <>
            {select("encoding", t("auditStreamEncoding"), ["json", "ndjson"])}
            <FormGroup label={t("auditStreamHeaders")} fieldId="audit-stream-headers">
              <TextArea
                id="audit-stream-headers"
                data-testid="audit-stream-headers"
                value={draft.headers}
                onChange={(_e, v) => set("headers", v)}
                autoResize
                placeholder="Authorization: Bearer …"
              />
              {help(
                editing && editing.headers && editing.headers.length > 0
                  ? t("auditStreamHeadersKept", { names: editing.headers.join(", ") })
                  : t("auditStreamHeadersHelp"),
              )}
              {fieldError("headers")}
            </FormGroup>
            {editing ? (
              <FormGroup fieldId="audit-stream-rotateSecret">
                <Checkbox
                  id="audit-stream-rotateSecret"
                  label={t("auditStreamRotateSecret")}
                  isChecked={draft.rotateSecret}
                  onChange={(_e, v) => set("rotateSecret", v)}
                />
              </FormGroup>
            ) : (
              input("secret", t("auditStreamVaultSecret"), { help: t("auditStreamVaultSecretHelp") })
            )}
          </>
        )}
        {(draft.type === "syslog" || draft.type === "kafka") && (
          <FormGroup label={t("auditStreamCaCertificate")} fieldId="audit-stream-caCertificate">
            <TextArea
              id="audit-stream-caCertificate"
              value={draft.caCertificate}
              onChange={(_e, v) => set("caCertificate", v)}
              placeholder="-----BEGIN CERTIFICATE-----"
              resizeOrientation="vertical"
            />
            {help(t("auditStreamCaCertificateHelp"))}
            {fieldError("caCertificate")}
          </FormGroup>
        )}
        {select("format", t("auditFormat"), draft.type === "syslog" ? ["native", "ocsf", "cef"] : ["native", "ocsf"], (v) =>
          t(`auditStreamFormat_${v}`),
        )}
        <FormGroup label={t("auditStreamFilter")} fieldId="audit-stream-filter" role="group">
          <Grid hasGutter>
            <GridItem span={6}>
              <CheckboxSelect
                id="audit-stream-filter-categories"
                label={t("auditCategory")}
                options={CATEGORIES.map((c) => ({ id: c, label: t(`auditCategory_${c}`) }))}
                selected={draft.categories}
                onChange={(v) => set("categories", v)}
              />
            </GridItem>
            <GridItem span={6}>
              <CheckboxSelect
                id="audit-stream-filter-outcomes"
                label={t("auditOutcome")}
                options={OUTCOMES.map((o) => ({ id: o, label: t(`auditOutcome_${o}`) }))}
                selected={draft.outcomes}
                onChange={(v) => set("outcomes", v)}
              />
            </GridItem>
            <GridItem span={6}>
              <CheckboxSelect
                id="audit-stream-filter-actions"
                label={t("auditAction")}
                options={actions}
                selected={draft.actions}
                onChange={(v) => set("actions", v)}
              />
            </GridItem>
            <GridItem span={6}>
              <CheckboxSelect
                id="audit-stream-filter-sources"
                label={t("auditSource")}
                options={SOURCES.map((s) => ({ id: s, label: t(`auditSource_${s}`) }))}
                selected={draft.sources}
                onChange={(v) => set("sources", v)}
              />
            </GridItem>
            <GridItem span={6}>
              <CheckboxSelect
                id="audit-stream-filter-organizations"
                label={t("auditOrganization")}
                options={organizations}
                selected={draft.organizations}
                onChange={(v) => set("organizations", v)}
              />
            </GridItem>
          </Grid>
          {help(me.realmWide ? t("auditStreamFilterHelp") : t("auditStreamFilterHelpOrganizations"))}
          {fieldError("filter", "filter.categories", "filter.actions", "filter.organizations", "filter.outcomes", "filter.sources")}
        </FormGroup>
        <Grid hasGutter>
          <GridItem span={6}>{input("batchSize", t("auditStreamBatchSize"), { help: t("auditStreamBatchSizeHelp") })}</GridItem>
          <GridItem span={6}>{input("lingerMs", t("auditStreamLingerMs"), { help: t("auditStreamLingerMsHelp") })}</GridItem>
        </Grid>
        <FormGroup fieldId="audit-stream-paused">
          <Switch
            id="audit-stream-paused"
            label={t("auditStreamPausedSwitch")}
            isChecked={draft.paused}
            onChange={(_e, v) => set("paused", v)}
          />
        </FormGroup>
      </Form>
    </Modal>
  );
}
