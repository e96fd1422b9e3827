import {
  Badge,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
} from "@patternfly/react-core";
import { useState } from "react";

export type Option = { id: string; label: string };

type Props = {
  id: string;
  label: string;
  options: Option[];
  selected: string[];
  onChange: (selected: string[]) => void;
};

/** A multi-choice drop-down with check boxes; the toggle shows how many are chosen. */
export function CheckboxSelect({ id, label, options, selected, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  return (
    <Select
      role="menu"
      id={id}
      isOpen={open}
      selected={selected}
      onSelect={(_e, value) => toggle(String(value))}
      onOpenChange={setOpen}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          id={`${id}-toggle`}
          data-testid={`${id}-toggle`}
          aria-label={label}
          onClick={() => setOpen(!open)}
          isExpanded={open}
          isFullWidth
          badge={selected.length > 0 ? <Badge isRead>{selected.length}</Badge> : undefined}
        >
          {label}
        </MenuToggle>
      )}
    >
      <SelectList aria-label={label}>
        {options.length === 0 && <SelectOption isDisabled>—</SelectOption>}
        {options.map((o) => (
          <SelectOption key={o.id} value={o.id} hasCheckbox isSelected={selected.includes(o.id)}>
            {o.label}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
