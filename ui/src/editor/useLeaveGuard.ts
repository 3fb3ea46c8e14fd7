// Asks before leaving the editor with unsaved changes: closing or reloading the tab, and
// moving to another screen of the app (links and programmatic navigation).

import { useContext, useEffect, useRef } from "react";
import { UNSAFE_NavigationContext } from "react-router-dom";

export const LEAVE_QUESTION = "This workflow has unsaved changes. Leave without saving?";

/** While `dirty()` is true, leaving the page asks for confirmation. */
export function useLeaveGuard(dirty: () => boolean): void {
  const { navigator } = useContext(UNSAFE_NavigationContext);
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

  useEffect(() => {
    // The app's router is not a data router (useBlocker needs one), so the navigator's
    // push and replace are wrapped while the editor is shown.
    const { push, replace } = navigator;
    const guard =
      <A extends unknown[]>(go: (...args: A) => void) =>
      (...args: A) => {
        if (isDirty.current() && !window.confirm(LEAVE_QUESTION)) return;
        go(...args);
      };
    navigator.push = guard(push);
    navigator.replace = guard(replace);
    return () => {
      navigator.push = push;
      navigator.replace = replace;
    };
  }, [navigator]);
}
