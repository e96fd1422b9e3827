import {
  Chip,
  ChipGroup,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  TextInputGroup,
  TextInputGroupMain,
  TextInputGroupUtilities,
  Button,
} from "@patternfly/react-core";
import { TimesIcon } from "@patternfly/react-icons";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";

type Props = {
  api: AuditApi;
  selected: string[];
  onChange: (actors: string[]) => void;
};

/**
 * Several actors, chosen by typing: suggestions come from the facets endpoint (actors in the caller's scope,
 * by username or e-mail prefix). Enter also accepts free text, so an id or an address not suggested still works.
 */
export function ActorTypeahead({ api, selected, onChange }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .facets(text.trim() || undefined)
        .then((f) => {
          if (live) setSuggestions(f.actors.map((a) => a.username ?? a.clientId ?? a.email ?? a.id ?? "").filter(Boolean));
        })
        .catch(() => live && setSuggestions([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, text, open]);

  const add = (value: string) => {
    const v = value.trim();
    if (v && !selected.includes(v)) onChange([...selected, v]);
    setText("");
    setOpen(false);
  };

  return (
    <Select
      id="audit-filter-actor"
      isOpen={open && suggestions.length > 0}
      onSelect={(_e, value) => add(String(value))}
      onOpenChange={setOpen}
      toggle={(ref) => (
        <MenuToggle ref={ref} variant="typeahead" isFullWidth isExpanded={open} onClick={() => setOpen(!open)}>
          <TextInputGroup isPlain>
            <TextInputGroupMain
              value={text}
              placeholder={t("auditActorPlaceholder")}
              aria-label={t("auditActor")}
              inputId="audit-filter-actor-input"
              onClick={() => setOpen(true)}
              onChange={(_e, v) => {
                setText(v);
                setOpen(true);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  add(text);
                } else if (e.key === "Escape") {
                  setOpen(false);
                }
              }}
            >
              <ChipGroup aria-label={t("auditActor")} collapsedText={t("auditChipsMore")} expandedText={t("auditChipsLess")}>
                {selected.map((a) => (
                  <Chip key={a} closeBtnAriaLabel={t("auditRemove")} onClick={() => onChange(selected.filter((s) => s !== a))}>
                    {a}
                  </Chip>
                ))}
              </ChipGroup>
            </TextInputGroupMain>
            {(text || selected.length > 0) && (
              <TextInputGroupUtilities>
                <Button
                  variant="plain"
                  aria-label={t("auditClearActors")}
                  onClick={() => {
                    setText("");
                    onChange([]);
                  }}
                >
                  <TimesIcon />
                </Button>
              </TextInputGroupUtilities>
            )}
          </TextInputGroup>
        </MenuToggle>
      )}
    >
      <SelectList>
        {suggestions
          .filter((s) => !selected.includes(s))
          .map((s) => (
            <SelectOption key={s} value={s}>
              {s}
            </SelectOption>
          ))}
      </SelectList>
    </Select>
  );
}
