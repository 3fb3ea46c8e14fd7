// The filter bar of a list screen: a search box bound to ?q= and the filters given.

import { useEffect, useState, type CSSProperties, type ReactNode } from "react";

import { SearchBox } from "./SearchBox";
import type { QueryState } from "./useQueryState";

/** The filters of a list of `what` ("workflows"), starting with its search box. */
export function ListFilters({
  what,
  query,
  placeholder,
  width,
  children,
}: {
  what: string;
  query: QueryState;
  placeholder: string;
  width?: number;
  children?: ReactNode;
}) {
  return (
    <div className="listing-filters" role="search" aria-label={`Filter ${what}`}>
      <SearchBox value={query.get("q")} label={`Search ${what}`} placeholder={placeholder} width={width}
        onSearch={(text) => query.update({ q: text }, { replace: true })} />
      {children}
    </div>
  );
}

/** A labelled drop-down filter. */
export function FilterSelect({
  label,
  value,
  onChange,
  style,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <label className="listing-inline">
      {label}
      <select className="input" aria-label={label} value={value} style={style}
        onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </label>
  );
}

/** A labelled check-box filter. */
export function FilterCheck({
  checked,
  disabled,
  onChange,
  children,
}: {
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  // The address changes in a transition: show the click at once, not after it.
  const [clicked, setClicked] = useState<boolean | null>(null);
  useEffect(() => setClicked(null), [checked]);
  return (
    <label className="listing-check">
      <input
        type="checkbox"
        checked={clicked ?? checked}
        disabled={disabled}
        onChange={(event) => {
          setClicked(event.target.checked);
          onChange(event.target.checked);
        }}
      />
      {children}
    </label>
  );
}
