import { useSession } from "../session";

/** "Everyone" or "Mine" (or another author chosen from a row), as a username or "". */
export function AuthorFilter({ value, onChange }: { value: string; onChange: (author: string) => void }) {
  const { me } = useSession();
  return (
    <label className="listing-inline">
      Author
      <select className="input" aria-label="Author" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Everyone</option>
        <option value={me.username}>Mine</option>
        {value && value !== me.username && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
