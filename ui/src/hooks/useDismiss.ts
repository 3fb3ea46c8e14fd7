import { useEffect, type RefObject } from "react";

/**
 * Closes a popover (`onClose`) on Escape or on a press outside `box`, while `active`. A press
 * inside an element matching `keep` (e.g. the popover's own toggle button) does not count.
 */
export function useDismiss(
  box: RefObject<HTMLElement | null>,
  onClose: () => void,
  { active = true, keep }: { active?: boolean; keep?: string } = {},
): void {
  useEffect(() => {
    if (!active) return;
    const onDown = (event: MouseEvent) => {
      const target = event.target as HTMLElement;
      if (box.current && !box.current.contains(target) && !(keep && target.closest(keep))) onClose();
    };
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    document.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [box, onClose, active, keep]);
}
