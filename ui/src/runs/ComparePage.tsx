export function ComparePage() {
  return (
    <div className="page">
      <h1>Compare runs</h1>
    </div>
  );
}
