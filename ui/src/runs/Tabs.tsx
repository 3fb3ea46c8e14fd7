import { useId, type ReactNode } from "react";

/** Tabs with their panel: `tabs` are [key, label] pairs; the chosen one's content shows. */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
  children,
  small = false,
}: {
  tabs: [K, string][];
  active: K;
  onChange: (key: K) => void;
  label: string;
  children: ReactNode;
  small?: boolean;
}) {
  const id = useId();
  return (
    <div className={`tabs${small ? " tabs-small" : ""}`}>
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map(([key, text]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`${id}-${key}`}
            aria-selected={key === active}
            aria-controls={`${id}-panel`}
            className={`tab${key === active ? " active" : ""}`}
            onClick={() => onChange(key)}
          >
            {text}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${active}`}>
        {children}
      </div>
    </div>
  );
}
