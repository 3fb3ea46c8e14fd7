// The editor's document store: the current state, undo and redo, and whether it is saved.
// Components read it with useSyncExternalStore; the canvas gets its nodes and edges from it.

import type { Operation } from "../api/types";
import type { DocState } from "./document";

/** Changes with the same key within this time are one undo step (typing, dragging a slider). */
const COALESCE_MS = 1200;
/** Undo steps kept. */
const HISTORY_LIMIT = 200;

let revisions = 0;

/** A fresh revision number: revisions are unique within the page. */
export function nextRevision(): number {
  revisions += 1;
  return revisions;
}

type Update = Partial<DocState> | ((state: DocState) => Partial<DocState>);

export class EditorStore {
  private state: DocState;
  private undoStack: DocState[] = [];
  private redoStack: DocState[] = [];
  private savedRev: number;
  private lastKey: string | undefined;
  private lastTime = 0;
  private listeners = new Set<() => void>();
  /** Every operation known to the editor, by version id (the workflow's and those added since). */
  readonly operations: Record<string, Operation>;

  constructor(initial: DocState, operations: Record<string, Operation>, saved: boolean) {
    this.state = initial;
    this.operations = { ...operations };
    this.savedRev = saved ? initial.rev : -1;
  }

  get = (): DocState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get dirty(): boolean {
    return this.state.rev !== this.savedRev;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Remember operations (full definitions) for nodes to use. */
  addOperations(operations: Operation[]): void {
    for (const operation of operations) if (operation.id) this.operations[operation.id] = operation;
  }

  private set(next: DocState): void {
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }

  private apply(update: Update): Partial<DocState> {
    return typeof update === "function" ? update(this.state) : update;
  }

  /** Record `before` (by default the current state) as an undo step. */
  pushUndo(before: DocState = this.state): void {
    this.undoStack.push(before);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.lastKey = undefined;
  }

  /** An undoable change of the document; changes with the same `key` in a short time are one step. */
  edit(update: Update, key?: string): void {
    const now = Date.now();
    const coalesce = key !== undefined && key === this.lastKey && now - this.lastTime < COALESCE_MS;
    if (!coalesce) this.pushUndo();
    this.lastKey = key;
    this.lastTime = now;
    this.set({ ...this.state, ...this.apply(update), rev: nextRevision() });
  }

  /** A change of the document that is not an undo step by itself (moves during a drag). */
  change(update: Update): void {
    this.set({ ...this.state, ...this.apply(update), rev: nextRevision() });
  }

  /** A change of what is shown but not of the document (selection, measured sizes). */
  view(update: Update): void {
    this.set({ ...this.state, ...this.apply(update) });
  }

  /** Replace the whole document (after an upgrade); undoable. */
  replace(next: DocState): void {
    this.pushUndo();
    this.set(next);
  }

  undo(): boolean {
    const previous = this.undoStack.pop();
    if (!previous) return false;
    this.redoStack.push(this.state);
    this.lastKey = undefined;
    this.set(previous);
    return true;
  }

  redo(): boolean {
    const next = this.redoStack.pop();
    if (!next) return false;
    this.undoStack.push(this.state);
    this.lastKey = undefined;
    this.set(next);
    return true;
  }

  /** The document of revision `rev` is stored on the server. */
  markSaved(rev: number): void {
    this.savedRev = rev;
    this.set({ ...this.state });
  }
}
