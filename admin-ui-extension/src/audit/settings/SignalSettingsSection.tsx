import {
  Alert,
  Checkbox,
  Flex,
  FlexItem,
  FormGroup,
  FormHelperText,
  FormSection,
  HelperText,
  HelperTextItem,
  NumberInput,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  BusinessHours,
  SIGNAL_RULES,
  SignalRuleId,
  SignalRuleSettings,
  SignalSettings,
} from "../../api/types";

/** The numbers a rule may take, with the API's limits; a rule shows those its settings carry. */
const NUMBERS = [
  { field: "threshold", min: 1, max: 1000 },
  { field: "windowMinutes", min: 1, max: 1440 },
  { field: "historyDays", min: 1, max: 3650 },
] as const;

const DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;

type Props = {
  signals: SignalSettings;
  editable: boolean;
  onChange: (signals: SignalSettings) => void;
  /** The refusal of the last save, if any: shown at the field it names. */
  error?: ApiError;
  fieldError: (field: string) => ReactNode;
};

/**
 * The settings' security signals: the master switch, each rule's switch and numbers, and the business hours the
 * off-hours rule reads. Saved with the rest of the settings (one PUT); a refused value is shown at its field, by the
 * path the API names (`signals.rules.mass-deletion.threshold`).
 */
export function SignalSettingsSection({ signals, editable, onChange, error, fieldError }: Props) {
  const { t, i18n } = useTranslation();
  const rules = signals.rules ?? {};
  const hours: BusinessHours = signals.businessHours ?? {};
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: "long", timeZone: "UTC" });
  const setRule = (rule: SignalRuleId, patch: Partial<SignalRuleSettings>) =>
    onChange({ ...signals, rules: { ...rules, [rule]: { ...rules[rule], ...patch } } });
  const setHours = (patch: Partial<BusinessHours>) => onChange({ ...signals, businessHours: { ...hours, ...patch } });

  // Every field shown here; a refusal naming another part of `signals` is shown above them, so it is never lost.
  const shown = new Set<string>(["signals", "signals.enabled", "signals.businessHours"]);
  ["timeZone", "days", "start", "end"].forEach((f) => shown.add(`signals.businessHours.${f}`));
  const listed = SIGNAL_RULES.filter((r) => rules[r] !== undefined);
  listed.forEach((r) => {
    shown.add(`signals.rules.${r}`);
    shown.add(`signals.rules.${r}.enabled`);
    NUMBERS.forEach(({ field }) => shown.add(`signals.rules.${r}.${field}`));
  });
  const elsewhere = error?.parameter?.startsWith("signals") && !shown.has(error.parameter) ? error : undefined;

  const help = (text: string) => (
    <FormHelperText>
      <HelperText>
        <HelperTextItem>{text}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );

  return (
    <FormSection title={t("auditSettingsSignals")} titleElement="h2" data-testid="audit-settings-signals">
      {elsewhere && <Alert variant="danger" isInline title={`${elsewhere.parameter}: ${elsewhere.message}`} />}
      <FormGroup label={t("auditSetting_signalsEnabled")} fieldId="audit-setting-signals-enabled">
        <Switch
          id="audit-setting-signals-enabled"
          isChecked={signals.enabled ?? true}
          isDisabled={!editable}
          onChange={(_e, v) => onChange({ ...signals, enabled: v })}
          label={t("auditSettingHelp_signalsEnabled")}
        />
        {fieldError("signals")}
        {fieldError("signals.enabled")}
      </FormGroup>
      {listed.map((rule) => {
        const settings = rules[rule] ?? {};
        const path = `signals.rules.${rule}`;
        return (
          <FormGroup
            key={rule}
            label={t(`auditSignalRule_${rule}`)}
            fieldId={`audit-setting-signal-${rule}`}
            data-testid="audit-setting-signal"
            data-rule={rule}
          >
            <Switch
              id={`audit-setting-signal-${rule}`}
              isChecked={settings.enabled ?? false}
              isDisabled={!editable}
              onChange={(_e, v) => setRule(rule, { enabled: v })}
              label={t(`auditSignalRuleHelp_${rule}`)}
            />
            <Flex className="pf-v5-u-mt-sm">
              {NUMBERS.filter(({ field }) => typeof settings[field] === "number").map(({ field, min, max }) => {
                const value = settings[field] as number;
                const label = t(`auditSetting_signal_${field}`);
                return (
                  <FlexItem key={field}>
                    <small className="pf-v5-u-display-block pf-v5-u-mb-xs">{label}</small>
                    <NumberInput
                      id={`audit-setting-signal-${rule}-${field}`}
                      inputName={`${path}.${field}`}
                      inputAriaLabel={`${t(`auditSignalRule_${rule}`)}: ${label}`}
                      value={value}
                      min={min}
                      max={max}
                      isDisabled={!editable}
                      onMinus={() => setRule(rule, { [field]: Math.max(min, value - 1) })}
                      onPlus={() => setRule(rule, { [field]: Math.min(max, value + 1) })}
                      onChange={(e) => setRule(rule, { [field]: Number((e.target as HTMLInputElement).value) })}
                    />
                    {fieldError(`${path}.${field}`)}
                  </FlexItem>
                );
              })}
            </Flex>
            {fieldError(path)}
            {fieldError(`${path}.enabled`)}
          </FormGroup>
        );
      })}
      <FormGroup label={t("auditSetting_businessHours")} fieldId="audit-setting-signals-timeZone" role="group">
        <Flex alignItems={{ default: "alignItemsFlexEnd" }}>
          <FlexItem>
            <small className="pf-v5-u-display-block pf-v5-u-mb-xs">{t("auditSetting_timeZone")}</small>
            <TextInput
              id="audit-setting-signals-timeZone"
              aria-label={t("auditSetting_timeZone")}
              value={hours.timeZone ?? ""}
              placeholder="Europe/Berlin"
              isDisabled={!editable}
              onChange={(_e, v) => setHours({ timeZone: v })}
            />
          </FlexItem>
          <FlexItem>
            <small className="pf-v5-u-display-block pf-v5-u-mb-xs">{t("auditSetting_start")}</small>
            <TextInput
              id="audit-setting-signals-start"
              type="time"
              aria-label={t("auditSetting_start")}
              value={hours.start ?? ""}
              isDisabled={!editable}
              onChange={(_e, v) => setHours({ start: v })}
            />
          </FlexItem>
          <FlexItem>
            <small className="pf-v5-u-display-block pf-v5-u-mb-xs">{t("auditSetting_end")}</small>
            <TextInput
              id="audit-setting-signals-end"
              type="time"
              aria-label={t("auditSetting_end")}
              value={hours.end ?? ""}
              isDisabled={!editable}
              onChange={(_e, v) => setHours({ end: v })}
            />
          </FlexItem>
        </Flex>
        {fieldError("signals.businessHours.timeZone")}
        {fieldError("signals.businessHours.start")}
        {fieldError("signals.businessHours.end")}
        <Flex className="pf-v5-u-mt-sm" role="group" aria-label={t("auditSetting_days")}>
          {DAYS.map((day, i) => (
            <FlexItem key={day}>
              <Checkbox
                id={`audit-setting-signals-day-${day}`}
                // 2024-01-01 was a Monday: the browser names the days in the console's language.
                label={weekday.format(Date.UTC(2024, 0, 1 + i))}
                isChecked={(hours.days ?? []).includes(day)}
                isDisabled={!editable}
                onChange={(_e, checked) =>
                  setHours({
                    days: checked
                      ? DAYS.filter((d) => d === day || (hours.days ?? []).includes(d))
                      : (hours.days ?? []).filter((d) => d !== day),
                  })
                }
              />
            </FlexItem>
          ))}
        </Flex>
        {fieldError("signals.businessHours.days")}
        {fieldError("signals.businessHours")}
        {help(t("auditSettingHelp_businessHours"))}
      </FormGroup>
    </FormSection>
  );
}
