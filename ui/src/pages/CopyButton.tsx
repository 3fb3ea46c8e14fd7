import { useState } from "react";

/** Copy `text` to the clipboard (falling back to selecting it), saying "Copied" for a moment. */
export function CopyButton({ text, label = "Copy", fallbackTarget }: {
  text: string;
  label?: string;
  /** An input holding the text, selected when the clipboard cannot be written. */
  fallbackTarget?: () => HTMLInputElement | null;
}) {
  const [state, setState] = useState<"idle" | "copied" | "selected">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const input = fallbackTarget?.();
      input?.focus();
      input?.select();
      setState("selected");
    }
    setTimeout(() => setState("idle"), 2000);
  };
  return (
    <button type="button" className="btn" onClick={copy} aria-label={label}>
      {state === "copied" ? "✓ Copied" : state === "selected" ? "Selected: press Ctrl+C" : label}
    </button>
  );
}
