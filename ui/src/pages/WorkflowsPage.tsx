export function WorkflowsPage() {
  return (
    <div className="page">
      <h1>Workflows</h1>
    </div>
  );
}
