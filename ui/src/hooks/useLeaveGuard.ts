// Asking before leaving a page with unsaved changes: any navigation in the app (links,
// programmatic moves, the browser's Back and Forward) is held by the router's blocker until
// the page answers, and closing or reloading the tab is caught by `beforeunload`.

import { useCallback, useEffect, useRef } from "react";
import { useBlocker } from "react-router-dom";

export interface LeaveGuard {
  /** Where the user tried to go while changes were unsaved (ask them). */
  pending: string | null;
  /** Leave anyway. */
  confirm: () => void;
  /** Stay on the page. */
  cancel: () => void;
  /** Let the next navigation through without asking (the page moves on by itself). */
  allowNext: () => void;
}

/** While `dirty()` is true, hold navigation away from this page and tab closing until the
 * user confirms. */
export function useLeaveGuard(dirty: () => boolean): LeaveGuard {
  const isDirty = useRef(dirty);
  isDirty.current = dirty;
  const allowed = useRef(false);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (allowed.current) {
      allowed.current = false;
      return false;
    }
    const moving =
      currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search;
    return moving && isDirty.current();
  });

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty.current()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  const confirm = useCallback(() => blocker.proceed?.(), [blocker]);
  const cancel = useCallback(() => blocker.reset?.(), [blocker]);
  const allowNext = useCallback(() => {
    allowed.current = true;
  }, []);
  const pending =
    blocker.state === "blocked" ? blocker.location.pathname + blocker.location.search : null;
  return { pending, confirm, cancel, allowNext };
}
