import { useCallback, useRef, useState, type ReactNode } from "react";

import type { OperationDetail } from "../api/types";
import { useDismiss } from "../hooks/useDismiss";

/** What the toolbar can do; each returns when the action is over. */
export interface LifecycleHandlers {
  save: () => void;
  discard: () => void;
  publish: () => void;
  clone: () => void;
  deprecate: () => void;
  remove: () => void;
  archive: (archived: boolean) => void;
}

/** A small menu of the less frequent actions (archive, delete); Escape or a click
 * elsewhere closes it. */
function MoreMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(box, close, { active: open });
  return (
    <div className="op-menu" ref={box}>
      <button
        type="button"
        className="btn"
        aria-label="More actions"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        More <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="op-menu-items" onClick={() => setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}

/** The actions the operation's status allows: a draft is saved, published or deleted; a
 * published version is cloned into a new draft or deprecated; any may be archived. */
export function LifecycleActions({
  operation,
  dirty,
  busy,
  canModify,
  canCreate,
  on,
}: {
  /** None while the operation is new. */
  operation: OperationDetail | undefined;
  dirty: boolean;
  /** The action running, if any: every button waits for it. */
  busy: string | null;
  canModify: boolean;
  canCreate: boolean;
  on: LifecycleHandlers;
}) {
  const disabled = busy !== null;
  if (!operation) {
    return (
      <div className="toolbar">
        <button type="button" className="btn btn-primary" disabled={disabled || !canCreate} onClick={on.save}>
          {busy === "save" ? "Saving…" : "Save draft"}
        </button>
      </div>
    );
  }
  const draft = operation.status === "draft";
  const more = canModify && (
    <MoreMenu>
      <button
        type="button"
        className="btn op-menu-item"
        disabled={disabled}
        onClick={() => on.archive(!operation.archived)}
      >
        {operation.archived ? "Unarchive (show in lists)" : "Archive (hide from lists)"}
      </button>
      {draft && (
        <button type="button" className="btn op-menu-item btn-danger" disabled={disabled} onClick={on.remove}>
          Delete draft…
        </button>
      )}
    </MoreMenu>
  );
  if (draft) {
    return (
      <div className="toolbar">
        {canModify && dirty && (
          <button type="button" className="btn" disabled={disabled} onClick={on.discard}>
            Discard changes
          </button>
        )}
        {canModify && (
          <button type="button" className="btn" disabled={disabled || !dirty} onClick={on.save} title="Ctrl+S">
            {busy === "save" ? "Saving…" : dirty ? "Save draft" : "Saved"}
          </button>
        )}
        {canModify && (
          <button type="button" className="btn btn-primary" disabled={disabled} onClick={on.publish}>
            {busy === "publish" ? "Publishing…" : dirty ? "Save and publish" : "Publish"}
          </button>
        )}
        {more}
      </div>
    );
  }
  return (
    <div className="toolbar">
      {canModify && (
        <button type="button" className="btn" disabled={disabled} onClick={on.deprecate}>
          {operation.status === "published" ? "Deprecate…" : "Change deprecation…"}
        </button>
      )}
      {canCreate && (
        <button type="button" className="btn btn-primary" disabled={disabled} onClick={on.clone}>
          {busy === "clone" ? "Cloning…" : "Clone to a new version"}
        </button>
      )}
      {more}
    </div>
  );
}
