import type { TImportItem, TImportPlan } from "@gatehouse/shared";
import { Badge, type TBadgeTone } from "@/components/ui/badge.tsx";

/** Each outcome's badge, worded for the dry run and for the import once applied. */
type TOutcome = { planned: string; applied: string; tone: TBadgeTone };

const OUTCOMES = {
  refuse: { planned: "Refused", applied: "Refused", tone: "red" },
  create: { planned: "Create", applied: "Created", tone: "green" },
  change: { planned: "Change", applied: "Changed", tone: "amber" },
  unchanged: { planned: "Unchanged", applied: "Unchanged", tone: "grey" },
} as const satisfies Record<string, TOutcome>;

const KIND_LABELS: Record<TImportItem["kind"], string> = { upstream: "Upstream", certificate: "Certificate", host: "Host" };

type TRow = { item: TImportItem; outcome: keyof typeof OUTCOMES; reason: string | null };

function rowsOf(plan: TImportPlan): TRow[] {
  return [
    ...plan.refuse.map(({ item, reason }) => ({ item, outcome: "refuse" as const, reason })),
    ...plan.create.map((item) => ({ item, outcome: "create" as const, reason: null })),
    ...plan.change.map((item) => ({ item, outcome: "change" as const, reason: null })),
    ...plan.unchanged.map((item) => ({ item, outcome: "unchanged" as const, reason: null })),
  ];
}

/** One line per upstream, certificate and host of the file, refusals first with their reason. */
export function ImportPlanTable({ plan, applied }: { plan: TImportPlan; applied: boolean }) {
  const rows = rowsOf(plan);
  const refused = plan.refuse.length > 0;
  const counts = [
    `${plan.create.length} ${applied ? "created" : "to create"}`,
    `${plan.change.length} ${applied ? "changed" : "to change"}`,
    `${plan.unchanged.length} unchanged`,
    `${plan.refuse.length} refused`,
  ];
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-700">{counts.join(" · ")}</p>
      <div className="overflow-x-auto rounded-lg ring-1 ring-zinc-200">
        <table className="min-w-full divide-y divide-zinc-200 text-sm">
          <caption className="sr-only">{applied ? "What the import did" : "What the import would do"}</caption>
          <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2">Outcome</th>
              <th scope="col" className="px-3 py-2">Kind</th>
              <th scope="col" className="px-3 py-2">Name</th>
              {refused ? <th scope="col" className="px-3 py-2">Why</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 bg-white">
            {rows.map(({ item, outcome, reason }) => (
              <tr key={`${item.kind}:${item.name}`} className="align-top">
                <td className="px-3 py-2">
                  <Badge tone={OUTCOMES[outcome].tone}>{applied ? OUTCOMES[outcome].applied : OUTCOMES[outcome].planned}</Badge>
                </td>
                <td className="px-3 py-2 text-zinc-600">{KIND_LABELS[item.kind]}</td>
                <td className="min-w-56 px-3 py-2 font-medium text-zinc-900 [overflow-wrap:anywhere]">{item.name}</td>
                {refused ? <td className="px-3 py-2 text-zinc-700">{reason ?? ""}</td> : null}
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="px-3 py-4 text-center text-zinc-500">
                  The file holds no upstreams, certificates or hosts.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
