import { auditDiff } from "../audit-diff.ts";

function Value({ value }: { value: string | null }) {
  return value === null ? <span className="text-zinc-400">—</span> : <span className="break-all font-mono text-xs text-zinc-800">{value}</span>;
}

/** What an entry changed, field by field: the recorded before and after views, compared. */
export function AuditChangeTable({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditDiff(before, after);
  if (changes.length === 0) return <p className="text-sm text-zinc-500">No recorded fields changed.</p>;
  return (
    <table className="w-full table-fixed text-sm">
      <thead className="text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
        <tr>
          <th scope="col" className="w-1/4 py-1.5 pr-4">Field</th>
          <th scope="col" className="py-1.5 pr-4">Before</th>
          <th scope="col" className="py-1.5">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {changes.map((change) => (
          <tr key={change.path} className="align-top">
            <th scope="row" className="break-all py-1.5 pr-4 text-left font-mono text-xs font-normal text-zinc-600">
              {change.path}
            </th>
            <td className="bg-red-50/60 py-1.5 pr-4 pl-2">
              <Value value={change.before} />
            </td>
            <td className="bg-emerald-50/60 py-1.5 pl-2">
              <Value value={change.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
