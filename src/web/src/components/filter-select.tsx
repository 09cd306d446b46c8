export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A labelled filter `<select>` of the explorer and the analytics pages. A value from the URL stays
 * selectable even when it is not in the list (e.g. a custom platform). `anyLabel` null: no "any" option.
 */
export function FilterSelect({
  testId,
  label,
  value,
  options,
  anyLabel = 'Any',
  onChange,
}: {
  testId: string;
  label: string;
  value: string | undefined;
  options: readonly SelectOption[];
  anyLabel?: string | null;
  onChange: (value: string) => void;
}) {
  const all =
    value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {anyLabel !== null && <option value="">{anyLabel}</option>}
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
