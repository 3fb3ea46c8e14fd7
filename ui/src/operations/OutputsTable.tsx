import type { ResourceTypeInfo } from "../api/types";
import { newOutput } from "./form";
import type { PlacedProblem } from "./problems";
import { ResourceTypeSelect } from "./ResourceTypeSelect";
import { RowsSection } from "./RowsTable";
import type { OutputRow } from "./types";

/** The named, typed outputs the operation writes. */
export function OutputsTable({
  rows,
  onChange,
  types,
  problems,
  readOnly,
}: {
  rows: OutputRow[];
  onChange: (rows: OutputRow[]) => void;
  types: ResourceTypeInfo[];
  problems: PlacedProblem[];
  readOnly: boolean;
}) {
  return (
    <RowsSection
      title="Outputs"
      noun="output"
      rows={rows}
      onChange={onChange}
      create={newOutput}
      problems={problems}
      readOnly={readOnly}
      empty="No outputs."
      head={
        <>
          <th>Name</th>
          <th>Type</th>
        </>
      }
      cells={(row, label, set) => (
        <td>
          <ResourceTypeSelect label={`Type of ${label}`} value={row.type} types={types} onChange={(type) => set({ type })} />
        </td>
      )}
    />
  );
}
