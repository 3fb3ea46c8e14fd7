/** The editor's actions and the state of the document (saved or not). */
export function Toolbar({
  title,
  isNew,
  dirty,
  readOnly,
  busy,
  canUndo,
  canRedo,
  hasSelection,
  layingOut,
  canRun,
  canClone,
  helpOpen,
  onUndo,
  onRedo,
  onDelete,
  onLayout,
  onFit,
  onValidate,
  onUpgrade,
  onClone,
  onSave,
  onRun,
  onHelp,
}: {
  title: string;
  isNew: boolean;
  dirty: boolean;
  readOnly: boolean;
  busy: string | null;
  canUndo: boolean;
  canRedo: boolean;
  hasSelection: boolean;
  layingOut: boolean;
  canRun: boolean;
  canClone: boolean;
  helpOpen: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onDelete: () => void;
  onLayout: () => void;
  onFit: () => void;
  onValidate: () => void;
  onUpgrade: () => void;
  onClone: () => void;
  onSave: () => void;
  onRun: () => void;
  onHelp: () => void;
}) {
  const state = isNew ? "new" : dirty ? "dirty" : "saved";
  const stateText = isNew ? (dirty ? "New · not saved" : "New workflow") : dirty ? "Unsaved changes" : "Saved";
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Workflow actions">
      <div className="editor-heading">
        <h1 className="editor-title" title={title}>
          {title}
        </h1>
        <span className={`editor-state state-${state}`} role="status" aria-label="Save state">
          <span aria-hidden="true">{state === "saved" ? "✓" : "●"}</span> {stateText}
        </span>
      </div>
      <span className="spacer" />
      <div className="editor-tools">
        <button type="button" className="btn btn-small btn-icon" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={onUndo}>
          ↶
        </button>
        <button type="button" className="btn btn-small btn-icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={onRedo}>
          ↷
        </button>
        <button type="button" className="btn btn-small" aria-label="Delete selection" title="Delete the selection (Delete)" disabled={!hasSelection} onClick={onDelete}>
          Delete
        </button>
        <span className="editor-sep" aria-hidden="true" />
        <button type="button" className="btn btn-small" title="Lay the graph out automatically (L)" disabled={layingOut || readOnly} onClick={onLayout}>
          Auto layout
        </button>
        <button type="button" className="btn btn-small" aria-label="Fit view" title="Fit the graph in view (F)" onClick={onFit}>
          Fit
        </button>
        <span className="editor-sep" aria-hidden="true" />
        <button type="button" className="btn btn-small" title="Check the workflow for problems" onClick={onValidate}>
          Validate
        </button>
        <button type="button" className="btn btn-small" title="Move nodes to the newest versions of their operations" disabled={readOnly || busy !== null} onClick={onUpgrade}>
          Upgrade nodes
        </button>
        <button type="button" className="btn btn-small" title="Make a copy of this workflow" disabled={!canClone || busy !== null} onClick={onClone}>
          Clone
        </button>
        <span className="editor-sep" aria-hidden="true" />
        <button type="button" className="btn btn-small" title="Save (Ctrl+S)" disabled={readOnly || busy !== null || (!dirty && !isNew)} onClick={onSave}>
          {busy === "save" ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn btn-small btn-primary" title="Save if needed, then run" disabled={!canRun || busy !== null || (readOnly && (dirty || isNew))} onClick={onRun}>
          {busy === "run" ? "Starting…" : "▶ Run"}
        </button>
        <button
          type="button"
          className="btn btn-small btn-icon help-toggle"
          aria-label="Keyboard shortcuts"
          aria-expanded={helpOpen}
          title="Keyboard shortcuts (?)"
          onClick={onHelp}
        >
          ?
        </button>
      </div>
    </div>
  );
}
