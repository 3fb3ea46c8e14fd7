// Asks before leaving the editor with unsaved changes: closing or reloading the tab, and
// moving to another screen of the app (links, programmatic navigation, the browser's Back
// and Forward, all held by the router's blocker).

import { useEffect, useRef } from "react";
import { useBlocker } from "react-router-dom";

export const LEAVE_QUESTION = "This workflow has unsaved changes. Leave without saving?";

/** While `dirty()` is true, leaving the page asks for confirmation. */
export function useLeaveGuard(dirty: () => boolean): void {
  const isDirty = useRef(dirty);
  isDirty.current = dirty;

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty.current()) return;
      event.preventDefault();
      event.returnValue = LEAVE_QUESTION;
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      currentLocation.pathname !== nextLocation.pathname && isDirty.current(),
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(LEAVE_QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
}
