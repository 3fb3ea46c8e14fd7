// Asking before leaving a page with unsaved changes. The app's <BrowserRouter> has no
// navigation blocker (useBlocker needs a data router), so in-app links are caught in the
// capture phase, before React Router sees the click; closing or reloading the tab is
// caught by `beforeunload`.

import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";

/** The in-app address a click would open, if it is a plain left click on a same-origin link
 * (not one opening a new tab, not a download). */
function linkTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = (event.target as Element | null)?.closest?.("a[href]");
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if (anchor.target && anchor.target !== "_self") return null;
  if (anchor.hasAttribute("download")) return null;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  const here = window.location.pathname + window.location.search;
  const there = url.pathname + url.search;
  return there === here ? null : there + url.hash;
}

export interface LeaveGuard {
  /** Where the user tried to go while changes were unsaved (show a confirmation). */
  pending: string | null;
  /** Leave anyway. */
  confirm: () => void;
  /** Stay on the page. */
  cancel: () => void;
}

/** While `dirty`, stop in-app navigation by links and tab closing until the user confirms. */
export function useLeaveGuard(dirty: boolean): LeaveGuard {
  const navigate = useNavigate();
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const onClick = (event: MouseEvent) => {
      const target = linkTarget(event);
      if (target === null) return;
      event.preventDefault();
      event.stopPropagation();
      setPending(target);
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [dirty]);

  const confirm = useCallback(() => {
    const target = pending;
    setPending(null);
    if (target !== null) navigate(target);
  }, [navigate, pending]);
  const cancel = useCallback(() => setPending(null), []);
  return { pending, confirm, cancel };
}
