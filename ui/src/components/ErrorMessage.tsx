import { ApiError } from "../api/client";

/** An error from the API (with its problems) or any other failure, as a readable message. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message =
    error instanceof ApiError || error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <div className="message message-error" role="alert">
      {title && <strong>{title}: </strong>}
      {message}
      {problems.length > 0 && (
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>
              {problem.where && <code>{problem.where}</code>} {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
