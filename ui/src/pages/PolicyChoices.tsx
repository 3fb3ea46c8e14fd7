import type { Policy, PolicyInfo } from "../api/types";

/** What a new user gets unless the administrator chooses otherwise (as the server does). */
export const DEFAULT_POLICIES: Policy[] = [
  "view_others_operations",
  "view_others_workflows",
  "create_operations",
  "create_workflows",
  "run_workflows",
];

/** A checkbox per policy, each with what it allows. */
export function PolicyChoices({
  policies,
  value,
  onChange,
}: {
  policies: PolicyInfo[];
  value: Policy[];
  onChange: (policies: Policy[]) => void;
}) {
  const admin = value.includes("admin");
  return (
    <fieldset className="users-policies">
      <legend>Permissions</legend>
      {policies.map((policy) => (
        <label key={policy.name} className="users-policy">
          <input
            type="checkbox"
            checked={value.includes(policy.name)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...value, policy.name]
                  : value.filter((name) => name !== policy.name),
              )
            }
          />
          <span>
            <code>{policy.name}</code>
            <span className="muted"> — {policy.description}</span>
            {admin && policy.name !== "admin" && !value.includes(policy.name) && (
              <span className="muted"> (granted by admin)</span>
            )}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
