import { useEffect, useRef, useState } from "react";

import type { OperationSummary } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useDismiss } from "../hooks/useDismiss";
import { compatible, inputTypesFor, outputTypesFor, type TypeIndex } from "./connections";
import { searchHub } from "./editorApi";

/** Where a connection was dropped in empty space, and what it was dragged from. */
export interface PickerRequest {
  /** Position in the canvas element (pixels), where the picker opens. */
  screen: { x: number; y: number };
  /** Position in the graph, where the chosen node goes. */
  flow: { x: number; y: number };
  nodeId: string;
  /** "output": dragged from an output, the new node takes it as input; "input": the reverse. */
  direction: "output" | "input";
  port: string;
  type: string;
}

interface Choice {
  operation: OperationSummary;
  /** The port of the new node to connect. */
  port: string;
}

const LIMIT = 30;

/** The operations that can take (or give) the dragged connection, from the current hub. */
export function ConnectPicker({
  request,
  hub,
  types,
  onPick,
  onClose,
}: {
  request: PickerRequest;
  hub: string;
  types: TypeIndex;
  onPick: (operation: OperationSummary, port: string) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState("");
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [error, setError] = useState<unknown>();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const wanted = request.direction === "output" ? inputTypesFor(types, request.type) : outputTypesFor(types, request.type);
      const key = request.direction === "output" ? "input_type" : "output_type";
      Promise.all(wanted.map((type) => searchHub(hub, { q: text.trim(), [key]: type, limit: LIMIT }, controller.signal)))
        .then((pages) => {
          const seen = new Map<string, Choice>();
          for (const page of pages) {
            for (const group of page.groups) {
              for (const operation of group.items) {
                if (seen.has(operation.id)) continue;
                const port =
                  request.direction === "output"
                    ? operation.inputs.find((input) => compatible(types, request.type, input.type ?? "file"))?.name
                    : operation.outputs.find((output) => compatible(types, output.type ?? "file", request.type))?.name;
                if (port) seen.set(operation.id, { operation, port });
              }
            }
          }
          setChoices([...seen.values()].sort((a, b) => (a.operation.title || a.operation.name).localeCompare(b.operation.title || b.operation.name)));
          setError(undefined);
        })
        .catch((reason) => {
          if (!controller.signal.aborted) setError(reason);
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [hub, request, text, types]);

  useDismiss(box, onClose);

  const heading =
    request.direction === "output"
      ? `Feed ${request.nodeId}.${request.port} (${request.type}) into…`
      : `Give ${request.nodeId}.${request.port} (${request.type}) from…`;
  return (
    <div
      ref={box}
      className="connect-picker"
      role="dialog"
      aria-label="Compatible operations"
      style={{ left: request.screen.x, top: request.screen.y }}
    >
      <div className="connect-picker-head">{heading}</div>
      <input
        className="input"
        type="search"
        autoFocus
        placeholder="Filter…"
        aria-label="Filter compatible operations"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && choices?.length) onPick(choices[0].operation, choices[0].port);
        }}
      />
      {error !== undefined && <ErrorMessage error={error} />}
      <ul className="connect-picker-list" role="listbox" aria-label="Operations">
        {choices === null && <li className="muted connect-picker-empty">Searching…</li>}
        {choices?.length === 0 && <li className="muted connect-picker-empty">No operation of this hub fits.</li>}
        {choices?.map(({ operation, port }) => (
          <li key={operation.id} role="option" aria-selected="false">
            <button type="button" onClick={() => onPick(operation, port)}>
              <span className="connect-picker-title">{operation.title || operation.name}</span>
              <span className="muted mono connect-picker-port">
                {operation.name} · {request.direction === "output" ? "→ " : ""}
                {port}
                {request.direction === "input" ? " →" : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
