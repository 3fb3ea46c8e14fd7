export function WorkflowEditorPage() {
  return (
    <div className="page">
      <h1>Workflow</h1>
    </div>
  );
}
