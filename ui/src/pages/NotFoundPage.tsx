import { Link } from "react-router-dom";

export function NotFoundPage() {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p className="muted">
        There is nothing at this address. <Link to="/workflows">Go to the workflows</Link>.
      </p>
    </div>
  );
}
