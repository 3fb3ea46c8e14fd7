import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

import { ApiError } from "../api/client";
import "./Toasts.css";

type Tone = "info" | "success" | "error";

interface Toast {
  id: number;
  tone: Tone;
  text: string;
}

interface Notify {
  (text: string, tone?: Tone): void;
  /** Show a failed action's error (the API's message) and never throw. */
  error: (error: unknown, action?: string) => void;
}

const ToastContext = createContext<Notify | null>(null);

let nextId = 1;

/** Short messages in a corner of the screen: the outcome of an action. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useMemo(() => {
    const show = ((text: string, tone: Tone = "info") => {
      const id = nextId++;
      setToasts((list) => [...list, { id, tone, text }]);
      const lifetime = tone === "error" ? 8000 : 4000;
      setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), lifetime);
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
