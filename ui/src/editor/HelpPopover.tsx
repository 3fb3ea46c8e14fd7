import { useRef } from "react";

import { useDismiss } from "../hooks/useDismiss";
import { SHORTCUTS } from "./shortcuts";

/** The keyboard shortcuts and mouse gestures of the editor. */
export function HelpPopover({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useDismiss(box, onClose, { keep: ".help-toggle" });
  return (
    <div ref={box} className="help-popover" role="dialog" aria-label="Keyboard shortcuts">
      <h3>Keyboard shortcuts</h3>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split(" / ").map((key, index) => (
                  <span key={key}>
                    {index > 0 && " / "}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Drag from an output to an input to connect; drop a connection in empty space to pick an operation that fits.
      </p>
    </div>
  );
}
