import { useState } from "react";

import { ApiError, api } from "../api/client";
import type { Page, PolicyInfo, User } from "../api/types";
import { useNotify } from "../components/Toasts";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { ConfirmDialog } from "./ConfirmDialog";
import { ListFilters } from "./ListFilters";
import { ListHeader } from "./ListHeader";
import { EmptyState, ListBody, LoadError, NoMatch } from "./ListStates";
import { HiddenHeader, ListTable, RowActions } from "./ListTable";
import "./listing.css";
import { changeItems } from "./pageItems";
import { LIST_PAGE_SIZE, useQueryState } from "./useQueryState";
import { CreateUserDialog, EditPoliciesDialog, ResetPasswordDialog } from "./UserDialogs";
import "./users.css";

type Dialog =
  | { kind: "create" }
  | { kind: "policies"; user: User }
  | { kind: "password"; user: User }
  | { kind: "deactivate"; user: User };

/** Accounts, for administrators in multi-user mode: create, (de)activate, permissions, passwords. */
export function UsersPage() {
  const { me } = useSession();
  if (!me.multi_user) {
    return (
      <div className="page">
        <div className="page-header">
          <h1>Users</h1>
        </div>
        <EmptyState title="No user accounts in single-user mode">
          Everything acts as <code>{me.username}</code>. Configure a secret (<code>PLYNX_SECRET</code>) to enable
          accounts.
        </EmptyState>
      </div>
    );
  }
  return <UserList />;
}

function UserList() {
  const { me } = useSession();
  const notify = useNotify();
  const query = useQueryState();
  const q = query.get("q");
  const { offset } = query;
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const list = useResource(
    (signal) => api.get<Page<User>>("/users", { q, offset, limit: LIST_PAGE_SIZE }, signal),
    [q, offset],
  );
  const policies = useResource((signal) => api.get<PolicyInfo[]>("/auth/policies", undefined, signal), []);
  const forbidden = list.error instanceof ApiError && list.error.status === 403;

  if (forbidden) {
    return (
      <div className="page">
        <div className="page-header">
          <h1>Users</h1>
        </div>
        <div className="users-forbidden" role="alert">
          <span className="users-forbidden-icon" aria-hidden="true">⊘</span>
          <div>
            <h2>Forbidden</h2>
            <p>Only administrators manage users. Ask an administrator if you need an account changed.</p>
            <p className="muted">The server said: {(list.error as ApiError).message}</p>
          </div>
        </div>
      </div>
    );
  }

  const replace = (user: User) =>
    list.setData((page) => changeItems(page, (item) => (item.id === user.id ? user : item)));

  const activate = async (user: User) => {
    try {
      replace(await api.patch<User>(`/users/${user.id}`, { active: true }));
      notify(`${user.username} is active again`, "success");
    } catch (error) {
      notify.error(error, `Could not activate ${user.username}`);
    }
  };

  return (
    <div className="page">
      <ListHeader title="Users"
        subtitle="Accounts are never deleted (objects keep their author): deactivate them instead.">
        <button className="btn btn-primary" disabled={!policies.data} onClick={() => setDialog({ kind: "create" })}>
          + New user
        </button>
      </ListHeader>

      <ListFilters what="users" query={query} placeholder="Search usernames" />
      {policies.error != null && <LoadError error={policies.error} what="the list of permissions" />}

      <ListBody
        list={list}
        query={query}
        what="the users"
        loading="Loading users…"
        empty={
          q ? (
            <NoMatch title="No username matches" clearLabel="Clear the search" onClear={() => query.update({ q: null })} />
          ) : (
            <EmptyState title="No users" />
          )
        }
      >
        {(page) => (
          <ListTable
            label="Users"
            head={
              <>
                <th>Username</th>
                <th>Status</th>
                <th>Permissions</th>
                <th>Created</th>
                <HiddenHeader>Actions</HiddenHeader>
              </>
            }
          >
            {page.items.map((user) => {
              const self = user.id === me.id;
              return (
                <tr key={user.id} className={user.active ? undefined : "listing-archived"}>
                  <td className="listing-nowrap">
                    <span className="listing-title">{user.username}</span>
                    {self && <span className="listing-tag">you</span>}
                  </td>
                  <td>
                    <span className="badge users-state" data-active={user.active}>
                      <span aria-hidden="true">{user.active ? "✓" : "⊘"}</span>
                      {user.active ? "active" : "inactive"}
                    </span>
                  </td>
                  <td>
                    <span className="users-chips">
                      {user.policies.length === 0 && <span className="muted">none</span>}
                      {user.policies.map((policy) => (
                        <span key={policy} className="users-chip" data-policy={policy}>
                          {policy}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="listing-nowrap" title={dateTime(user.created_at)}>
                    {ago(user.created_at)}
                  </td>
                  <RowActions>
                    <button className="btn btn-small" disabled={!policies.data}
                      aria-label={`Permissions of ${user.username}`}
                      onClick={() => setDialog({ kind: "policies", user })}>
                      Permissions
                    </button>
                    <button className="btn btn-small" aria-label={`Set the password of ${user.username}`}
                      onClick={() => setDialog({ kind: "password", user })}>
                      Set password
                    </button>
                    {user.active ? (
                      <button className="btn btn-small btn-danger" disabled={self}
                        title={self ? "You cannot deactivate your own account" : undefined}
                        aria-label={`Deactivate ${user.username}`}
                        onClick={() => setDialog({ kind: "deactivate", user })}>
                        Deactivate
                      </button>
                    ) : (
                      <button className="btn btn-small" aria-label={`Activate ${user.username}`}
                        onClick={() => activate(user)}>
                        Activate
                      </button>
                    )}
                  </RowActions>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListBody>

      {dialog?.kind === "create" && policies.data && (
        <CreateUserDialog policies={policies.data} onClose={() => setDialog(null)}
          onCreated={(user) => {
            notify(`Created the user ${user.username}`, "success");
            list.reload();
          }} />
      )}
      {dialog?.kind === "policies" && policies.data && (
        <EditPoliciesDialog user={dialog.user} policies={policies.data} onClose={() => setDialog(null)}
          onSaved={(user) => {
            replace(user);
            notify(`Saved the permissions of ${user.username}`, "success");
          }} />
      )}
      {dialog?.kind === "password" && (
        <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)}
          onDone={() => notify(`Set a new password for ${dialog.user.username}`, "success")} />
      )}
      {dialog?.kind === "deactivate" && (
        <ConfirmDialog title="Deactivate user" confirmLabel="Deactivate" onClose={() => setDialog(null)}
          onConfirm={async () => {
            replace(await api.patch<User>(`/users/${dialog.user.id}`, { active: false }));
            notify(`Deactivated ${dialog.user.username}`, "success");
          }}>
          Deactivate <strong>{dialog.user.username}</strong>? Their logins end and every request of theirs is refused
          (API tokens included) until an administrator activates the account again. What they made stays.
        </ConfirmDialog>
      )}
    </div>
  );
}
