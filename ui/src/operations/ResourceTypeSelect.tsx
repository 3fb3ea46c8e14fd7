import type { ResourceTypeInfo } from "../api/types";

/** A select of the resource types (the current one kept even when unknown). */
export function ResourceTypeSelect({
  value,
  onChange,
  types,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  types: ResourceTypeInfo[];
  label: string;
}) {
  const known = types.some((type) => type.name === value);
  return (
    <select className="input" aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {!known && <option value={value}>{value}</option>}
      {types.map((type) => (
        <option key={type.name} value={type.name} title={type.description}>
          {type.name}
        </option>
      ))}
    </select>
  );
}
