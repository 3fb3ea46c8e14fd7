// The editor's keyboard shortcuts, listed once: the help popover shows this table.

import { useEffect, useRef } from "react";

export type ShortcutAction =
  | "delete"
  | "copy"
  | "cut"
  | "paste"
  | "undo"
  | "redo"
  | "save"
  | "selectAll"
  | "fitView"
  | "layout"
  | "help"
  | "escape";

/** What the help popover lists: keys → what they do. */
export const SHORTCUTS: [string, string][] = [
  ["Delete / Backspace", "Delete the selected nodes and connections"],
  ["Ctrl+C / Ctrl+X", "Copy / cut the selected nodes (with the connections among them)"],
  ["Ctrl+V", "Paste the copied nodes, with new ids"],
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "Redo"],
  ["Ctrl+S", "Save"],
  ["Ctrl+A", "Select every node"],
  ["Shift+click / Shift+drag", "Add to the selection / select with a box"],
  ["F", "Fit the whole graph in view"],
  ["L", "Lay the graph out automatically"],
  ["Double-click a composite", "Open its inside"],
  ["Escape", "Clear the selection, close a menu"],
  ["?", "Show this help"],
];

/** Whether keys typed into `target` belong to a text field (and are not shortcuts). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "color", "file", "range"].includes(type);
}

function actionOf(event: KeyboardEvent): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === "s") return "save";
  if (key === "escape") {
    // Leave the field being edited (not a code editor, which uses Escape itself).
    const target = event.target as HTMLElement | null;
    if (target?.isContentEditable) return null;
    if (typing(target)) target?.blur();
    return "escape";
  }
  if (typing(event.target)) return null;
  if (mod && key === "z") return event.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "c") return "copy";
  if (mod && key === "x") return "cut";
  if (mod && key === "v") return "paste";
  if (mod && key === "a") return "selectAll";
  if (mod || event.altKey) return null;
  if (key === "delete" || key === "backspace") return "delete";
  if (key === "f") return "fitView";
  if (key === "l") return "layout";
  if (event.key === "?") return "help";
  return null;
}

/** Call `handlers[action]` for the editor's shortcuts while the page is shown (not under a dialog). */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector(".modal-backdrop")) return;
      const action = actionOf(event);
      const handler = action && current.current[action];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
