// What a canvas node may change in the document it belongs to. The workflow editor provides
// it; without it (the run monitor) nodes are read-only.

import { createContext } from "react";

export interface NodeEditing {
  /** Whether the nodes may be changed (false inside a composite, which is shown read-only). */
  readOnly: boolean;
  /** Set a parameter value of a node. */
  setParam: (nodeId: string, name: string, value: unknown) => void;
  /** Open the inside of a composite node. */
  openComposite: (nodeId: string) => void;
  /** Show a parameter in the properties panel (code and long text are edited there). */
  focusParam: (nodeId: string, name: string) => void;
}

export const NodeEditingContext = createContext<NodeEditing | null>(null);
