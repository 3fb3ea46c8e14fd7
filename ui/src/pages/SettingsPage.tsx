import { api } from "../api/client";
import type { PolicyInfo } from "../api/types";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { useTheme, type Theme } from "../theme/useTheme";
import { ApiTokens } from "./ApiTokens";
import { ChangePassword } from "./ChangePassword";
import "./listing.css";
import "./settings.css";

const THEMES: [Theme, string, string][] = [
  ["light", "Light", "Bright surfaces, dark text"],
  ["dark", "Dark", "Dark surfaces, easy on the eyes at night"],
];

/** Theme, account and policies; in multi-user mode the password and API tokens. */
export function SettingsPage() {
  const { me } = useSession();
  const [theme, toggleTheme] = useTheme();
  const policies = useResource((signal) => api.get<PolicyInfo[]>("/auth/policies", undefined, signal), []);
  const describe = new Map((policies.data ?? []).map((policy) => [policy.name, policy.description]));

  return (
    <div className="page settings-page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="listing-subtitle muted">Your account, how PLynx looks, and access for scripts.</p>
        </div>
      </div>

      <section className="card settings-section" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <div className="settings-themes" role="radiogroup" aria-label="Theme">
          {THEMES.map(([value, label, hint]) => (
            <label key={value} className="settings-theme" data-checked={theme === value}>
              <input type="radio" name="theme" value={value} checked={theme === value}
                onChange={() => theme !== value && toggleTheme()} />
              <span className="settings-swatch" data-swatch={value} aria-hidden="true">
                <span />
                <span />
              </span>
              <span>
                <strong>{label}</strong>
                <span className="muted settings-hint">{hint}</span>
              </span>
            </label>
          ))}
        </div>
        <p className="muted settings-hint" style={{ marginTop: 8 }}>Kept in this browser; the ☾/☀ button in the top bar switches too.</p>
      </section>

      <section className="card settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        <dl className="settings-facts">
          <dt>Username</dt>
          <dd>
            <strong>{me.username}</strong>
            {me.is_admin && <span className="listing-tag">administrator</span>}
          </dd>
          <dt>Mode</dt>
          <dd>{me.multi_user ? "Multi-user: each person logs in with their own account." : "Single-user"}</dd>
          <dt>Permissions</dt>
          <dd>
            <ul className="settings-policies" aria-label="Your permissions">
              {me.policies.map((policy) => (
                <li key={policy}>
                  <code>{policy}</code>
                  {describe.get(policy) && <span className="muted"> — {describe.get(policy)}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      {me.multi_user ? (
        <>
          <section className="card settings-section" aria-labelledby="settings-password">
            <h2 id="settings-password">Password</h2>
            <ChangePassword />
          </section>
          <section className="card settings-section" aria-labelledby="settings-tokens">
            <h2 id="settings-tokens">API tokens</h2>
            <p className="muted settings-intro">
              A token lets a script, the <code>plynx</code> command line or the Python client act as you without
              your password. Give each use its own token so that you can revoke it alone.
            </p>
            <ApiTokens />
          </section>
        </>
      ) : (
        <section className="card settings-section" aria-labelledby="settings-access">
          <h2 id="settings-access">Passwords and API tokens</h2>
          <p className="settings-intro">
            This PLynx runs in <strong>single-user mode</strong>: nobody logs in and every request acts as{" "}
            <code>{me.username}</code>, so there are no passwords or API tokens to manage. Scripts and the Python
            client reach the API directly.
          </p>
          <p className="muted settings-hint">
            To share PLynx between several people, configure a secret (the <code>PLYNX_SECRET</code> environment
            variable, at least 32 characters) and create users with <code>plynx users create</code>: each person
            then logs in, and tokens for scripts are made here.
          </p>
        </section>
      )}
    </div>
  );
}
