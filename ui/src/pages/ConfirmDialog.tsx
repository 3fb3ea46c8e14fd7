import { useState, type ReactNode } from "react";

import { api } from "../api/client";
import { ErrorMessage } from "../components/ErrorMessage";
import { Modal } from "../components/Modal";
import { useNotify } from "../components/Toasts";

/**
 * Asks before a destructive action; runs `onConfirm` and closes when it succeeds, or
 * shows the API's error and stays open.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = true,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      onClose();
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      width={460}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className={danger ? "btn btn-danger" : "btn btn-primary"}
            onClick={confirm}
            disabled={busy}
            autoFocus
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div>{children}</div>
      <ErrorMessage error={error} />
    </Modal>
  );
}

/** Asks before deleting the object at `path`; once it is gone, says `done` and calls `onDeleted`. */
export function ConfirmDelete({
  title,
  confirmLabel = "Delete",
  path,
  done,
  onDeleted,
  onClose,
  children,
}: {
  title: string;
  confirmLabel?: string;
  path: string;
  done: string;
  onDeleted: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const notify = useNotify();
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      onClose={onClose}
      onConfirm={async () => {
        await api.delete(path);
        notify(done, "success");
        onDeleted();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
