import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  Grid,
  GridItem,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Facets, Me } from "../../api/types";
import { ActorTypeahead } from "./ActorTypeahead";
import { CheckboxSelect, Option } from "./CheckboxSelect";
import { countryName } from "../origin";
import { EMPTY_FILTERS, Filters, RangePreset } from "./view";

type Props = {
  api: AuditApi;
  me: Me;
  facets?: Facets;
  applied: Filters;
  onApply: (filters: Filters) => void;
};

const PRESETS: { id: RangePreset; key: string }[] = [
  { id: "today", key: "auditRangeToday" },
  { id: "7d", key: "auditRange7" },
  { id: "30d", key: "auditRange30" },
  { id: "90d", key: "auditRange90" },
  { id: "custom", key: "auditRangeCustom" },
];

/**
 * The filters, edited as a draft and applied together (Apply or Enter), so a half-typed IP does not fire a
 * query per keystroke. The applied filters live in the URL; Reset goes back to the last 7 days, nothing else.
 */
export function FilterPanel({ api, me, facets, applied, onApply }: Props) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(applied), [applied]);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const categories = facets?.categories ?? [];
  const actions = (facets?.actions ?? [])
    .filter((a) => draft.category.length === 0 || draft.category.includes(a.category))
    .map((a) => ({ id: a.id, label: a.label }));
  const text = (id: "from" | "to" | "resourceId" | "ip" | "q", label: string, placeholder?: string, type?: "datetime-local") => (
    <FormGroup label={label} fieldId={`audit-filter-${id}`}>
      <TextInput
        id={`audit-filter-${id}`}
        data-testid={`audit-filter-${id}`}
        type={type}
        value={draft[id]}
        placeholder={placeholder}
        onChange={(_e, v) => set(id, v)}
      />
    </FormGroup>
  );
  type Multi = "category" | "action" | "resourceType" | "outcome" | "organization" | "team" | "country" | "device";
  const multi = (id: Multi, label: string, options: Option[], onChange = (v: string[]) => set(id, v)) => (
    <GridItem md={6} lg={3}>
      <FormGroup label={label} fieldId={`audit-filter-${id}`}>
        <CheckboxSelect
          id={`audit-filter-${id}`}
          label={draft[id].length ? t("auditChosen", { count: draft[id].length }) : t("auditAny")}
          options={options}
          selected={draft[id]}
          onChange={onChange}
        />
      </FormGroup>
    </GridItem>
  );

  return (
    <Form
      isHorizontal={false}
      className="audit-log__filters"
      aria-label={t("auditFilters")}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <Grid hasGutter>
        <GridItem md={12} lg={6}>
          <FormGroup label={t("auditDateRange")} fieldId="audit-filter-range" role="group">
            <ToggleGroup aria-label={t("auditDateRange")}>
              {PRESETS.map((p) => (
                <ToggleGroupItem
                  key={p.id}
                  text={t(p.key)}
                  buttonId={`audit-range-${p.id}`}
                  isSelected={draft.range === p.id}
                  onChange={() => set("range", p.id)}
                />
              ))}
            </ToggleGroup>
          </FormGroup>
        </GridItem>
        <GridItem md={12} lg={6}>
          {text("q", t("auditSearch"), t("auditSearchPlaceholder"))}
        </GridItem>
      </Grid>
      {draft.range === "custom" && (
        <Grid hasGutter>
          <GridItem md={6} lg={3}>
            {text("from", t("auditFrom"), undefined, "datetime-local")}
          </GridItem>
          <GridItem md={6} lg={3}>
            {text("to", t("auditTo"), undefined, "datetime-local")}
          </GridItem>
        </Grid>
      )}
      <Grid hasGutter>
        {multi("category", t("auditCategory"), categories, (v) =>
          setDraft((d) => ({
            ...d,
            category: v,
            // keep only actions still offered by the chosen categories
            action: d.action.filter((a) => {
              const c = facets?.actions.find((x) => x.id === a)?.category;
              return v.length === 0 || (c !== undefined && v.includes(c));
            }),
          })),
        )}
        {multi("action", t("auditAction"), actions)}
        {multi("resourceType", t("auditResourceType"), (facets?.resourceTypes ?? []).map((r) => ({ id: r, label: t(`auditResourceType_${r}`, { defaultValue: r }) })))}
        {multi(
          "outcome",
          t("auditOutcome"),
          (facets?.outcomes ?? ["success", "failure"]).map((o) => ({ id: o, label: t(`auditOutcome_${o}`) })),
        )}
        <GridItem md={6} lg={3}>
          <FormGroup label={t("auditActor")} fieldId="audit-filter-actor">
            <ActorTypeahead api={api} selected={draft.actor} onChange={(v) => set("actor", v)} />
          </FormGroup>
        </GridItem>
        <GridItem md={6} lg={3}>
          {text("resourceId", t("auditRecordId"))}
        </GridItem>
        <GridItem md={6} lg={3}>
          {text("ip", t("auditIp"), t("auditIpPlaceholder"))}
        </GridItem>
        {(facets?.countries?.length ?? 0) > 0 &&
          multi("country", t("auditCountry"), (facets?.countries ?? []).map((c) => ({ id: c, label: countryName(c, i18n.language) })))}
        {(facets?.devices?.length ?? 0) > 0 &&
          multi("device", t("auditDevice"), (facets?.devices ?? []).map((d) => ({ id: d, label: t(`auditDevice_${d}`, { defaultValue: d }) })))}
        {me.realmWide &&
          multi("organization", t("auditOrganization"), (facets?.organizations ?? []).map((o) => ({ id: o.id, label: o.name })))}
        {(facets?.teams?.length ?? 0) > (me.realmWide || me.organizations.some((o) => !o.teams?.length) ? 0 : 1) &&
          multi("team", t("auditTeam"), (facets?.teams ?? []).map((tm) => ({ id: tm.id, label: `${tm.organization} › ${tm.name}` })))}
      </Grid>
      <ActionGroup>
        <Button type="submit" variant="primary" data-testid="audit-apply">
          {t("auditApply")}
        </Button>
        <Button
          variant="link"
          data-testid="audit-reset"
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            onApply(EMPTY_FILTERS);
          }}
        >
          {t("auditReset")}
        </Button>
      </ActionGroup>
    </Form>
  );
}
