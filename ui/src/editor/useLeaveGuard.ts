// The workflow editor asks before leaving with unsaved changes in the browser's own
// confirmation box.

import { useEffect } from "react";

import { useLeaveGuard as useGuard } from "../hooks/useLeaveGuard";

export const LEAVE_QUESTION = "This workflow has unsaved changes. Leave without saving?";

/** While `dirty()` is true, leaving the page asks for confirmation. */
export function useLeaveGuard(dirty: () => boolean): void {
  const { pending, confirm, cancel } = useGuard(dirty);
  useEffect(() => {
    if (pending === null) return;
    if (window.confirm(LEAVE_QUESTION)) confirm();
    else cancel();
  }, [pending, confirm, cancel]);
}
