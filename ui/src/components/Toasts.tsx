import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { ApiError } from "../api/client";
import "./Toasts.css";

type Tone = "info" | "success" | "error";

interface Toast {
  id: number;
  tone: Tone;
  text: string;
}

/** Closes a toast before its time. */
export type Dismiss = () => void;

interface Notify {
  /** Show `text`; it replaces a toast of the same tone and text, and closes by itself. */
  (text: string, tone?: Tone): Dismiss;
  /** Show a failed action's error (the API's message) and never throw. */
  error: (error: unknown, action?: string) => void;
}

const ToastContext = createContext<Notify | null>(null);

/** How long a toast stays: errors longer, so that they can be read. */
const LIFETIME_MS: Record<Tone, number> = { info: 4000, success: 4000, error: 8000 };

let nextId = 1;

const sameKind = (a: Omit<Toast, "id">, b: Omit<Toast, "id">) => a.tone === b.tone && a.text === b.text;

/** The toasts with `toast` added last, in place of any of the same kind. */
function withToast(list: Toast[], toast: Toast): Toast[] {
  return [...list.filter((shown) => !sameKind(shown, toast)), toast];
}

/** Short messages in a corner of the screen: the outcome of an action. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useMemo(() => {
    const remove = (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id));
    const show = ((text: string, tone: Tone = "info") => {
      const id = nextId++;
      setToasts((list) => withToast(list, { id, tone, text }));
      const timer = setTimeout(() => remove(id), LIFETIME_MS[tone]);
      return () => {
        clearTimeout(timer);
        remove(id);
      };
    }) as Notify;
    show.error = (error: unknown, action?: string) => {
      let text = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.problems.length) {
        text += ": " + error.problems.map((problem) => `${problem.where} ${problem.message}`.trim()).join("; ");
      }
      show(action ? `${action}: ${text}` : text, "error");
    };
    return show;
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === "error" ? "alert" : "status"}>
            {toast.text}
            <button
              className="toast-close"
              aria-label="Dismiss"
              onClick={() => setToasts((list) => list.filter((item) => item.id !== toast.id))}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useNotify(): Notify {
  const notify = useContext(ToastContext);
  if (!notify) throw new Error("useNotify outside ToastProvider");
  return notify;
}

/**
 * Show a toast about something under way: it closes once `over` is true (or the component
 * goes away), and is not shown when that is already the case.
 */
export function useProgressToast(over: boolean): (text: string) => void {
  const notify = useNotify();
  const dismiss = useRef<Dismiss | null>(null);
  const isOver = useRef(over);
  isOver.current = over;
  useEffect(() => {
    if (over) dismiss.current?.();
  }, [over]);
  useEffect(() => () => dismiss.current?.(), []);
  return useCallback(
    (text: string) => {
      if (!isOver.current) dismiss.current = notify(text);
    },
    [notify],
  );
}
