import { useEffect, useRef, useState } from "react";

/**
 * A search field that reports its text after a short pause in typing, and follows `value`
 * when it changes from outside (the back button).
 */
export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
  delayMs = 300,
  width,
}: {
  value: string;
  onSearch: (text: string) => void;
  label: string;
  placeholder?: string;
  delayMs?: number;
  /** Width in pixels, when not the usual one. */
  width?: number;
}) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text.trim() === sent.current.trim()) return;
    const timer = setTimeout(() => {
      sent.current = text.trim();
      onSearchRef.current(text.trim());
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);

  return (
    <input
      className="input listing-search"
      type="search"
      aria-label={label}
      placeholder={placeholder ?? label}
      value={text}
      style={width ? { width } : undefined}
      onChange={(event) => setText(event.target.value)}
    />
  );
}
