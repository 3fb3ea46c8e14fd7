export function OperationEditorPage() {
  return (
    <div className="page">
      <h1>Operation</h1>
    </div>
  );
}
