import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { OperationDetail } from "../api/types";
import { useResource } from "../hooks/useResource";
import { Icon } from "./Icon";

/** Why the form cannot be edited, and for a deprecated version what replaces it. */
export function StatusNotice({
  operation,
  canModify,
  canCreate,
}: {
  operation: OperationDetail | undefined;
  canModify: boolean;
  canCreate: boolean;
}) {
  const successorId = operation?.successor ?? null;
  const successor = useResource(
    (signal) =>
      successorId
        ? api.get<OperationDetail>(`/operations/${successorId}`, undefined, signal)
        : Promise.resolve(undefined),
    [successorId],
  );
  if (!operation) return null;
  if (operation.status === "draft") {
    if (canModify) return null;
    return (
      <p className="message op-notice" role="note">
        <Icon name="lock" /> This draft belongs to {operation.author}: only its author or an admin may
        edit it.
      </p>
    );
  }
  const deprecated = operation.status === "deprecated" || operation.status === "mandatory_deprecated";
  return (
    <div className={`message op-notice${deprecated ? " message-warning" : ""}`} role="note">
      {deprecated ? (
        <>
          <span aria-hidden="true">⚠ </span>
          This version is deprecated
          {operation.status === "mandatory_deprecated" ? ": workflows may no longer use it" : ""}.
          {successorId && (
            <>
              {" "}
              Its successor is{" "}
              <Link to={`/operations/${successorId}`}>
                {successor.data ? `${successor.data.name} v${successor.data.version}` : "another operation"}
              </Link>
              .
            </>
          )}
        </>
      ) : (
        <>
          <Icon name="lock" /> 
          Published versions never change{canCreate ? ": clone it to edit a new version." : "."}
        </>
      )}
    </div>
  );
}
