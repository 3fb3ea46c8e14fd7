// The administrator's dialogs on the users screen: create a user, change permissions,
// set a password.

import { useState, type FormEvent, type ReactNode } from "react";

import { api } from "../api/client";
import type { Policy, PolicyInfo, User } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Modal } from "../components/Modal";
import { MIN_PASSWORD_LENGTH } from "./ChangePassword";
import { DEFAULT_POLICIES, PolicyChoices } from "./PolicyChoices";

/** A modal form: submits, shows the API's error or closes with the result. */
function FormDialog<T>({
  title,
  submitLabel,
  onSubmit,
  onDone,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  onSubmit: () => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onDone(await onSubmit());
      onClose();
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose} width={560}>
      <form className="users-form" onSubmit={submit} aria-label={title}>
        {children}
        <ErrorMessage error={error} />
        <div className="users-form-footer">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function CreateUserDialog({ policies, onCreated, onClose }: {
  policies: PolicyInfo[];
  onCreated: (user: User) => void;
  onClose: () => void;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [chosen, setChosen] = useState<Policy[]>(DEFAULT_POLICIES);
  return (
    <FormDialog title="New user" submitLabel="Create user" onClose={onClose} onDone={onCreated}
      onSubmit={() => api.post<User>("/users", { username: username.trim(), password, policies: chosen })}>
      <label className="field">
        Username
        <input className="input" required autoFocus maxLength={64} pattern="[A-Za-z0-9._\-]+"
          title="Letters, digits, dots, underscores or dashes" value={username}
          onChange={(event) => setUsername(event.target.value)} />
      </label>
      <label className="field">
        Password
        <input className="input" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH}
          value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <p className="muted users-hint">At least {MIN_PASSWORD_LENGTH} characters. Tell it to the user privately.</p>
      <PolicyChoices policies={policies} value={chosen} onChange={setChosen} />
    </FormDialog>
  );
}

export function EditPoliciesDialog({ user, policies, onSaved, onClose }: {
  user: User;
  policies: PolicyInfo[];
  onSaved: (user: User) => void;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<Policy[]>(user.policies);
  return (
    <FormDialog title={`Permissions of ${user.username}`} submitLabel="Save permissions" onClose={onClose}
      onDone={onSaved} onSubmit={() => api.patch<User>(`/users/${user.id}`, { policies: chosen })}>
      <p className="muted users-hint">Changes apply to {user.username}'s very next request.</p>
      <PolicyChoices policies={policies} value={chosen} onChange={setChosen} />
    </FormDialog>
  );
}

export function ResetPasswordDialog({ user, onDone, onClose }: {
  user: User;
  onDone: () => void;
  onClose: () => void;
}) {
  const [password, setPassword] = useState("");
  return (
    <FormDialog title={`Set the password of ${user.username}`} submitLabel="Set password" onClose={onClose}
      onDone={onDone} onSubmit={() => api.post<void>(`/users/${user.id}/password`, { password })}>
      <label className="field">
        New password
        <input className="input" type="password" autoComplete="new-password" required autoFocus
          minLength={MIN_PASSWORD_LENGTH} value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <p className="muted users-hint">
        Every login of {user.username} ends; their API tokens keep working.
      </p>
    </FormDialog>
  );
}
