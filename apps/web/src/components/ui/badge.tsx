import type { ReactNode } from "react";

export type TBadgeTone = "green" | "amber" | "red" | "grey";

const TONES: Record<TBadgeTone, { badge: string; dot: string }> = {
  green: { badge: "bg-emerald-50 text-emerald-800 ring-emerald-600/20", dot: "bg-emerald-500" },
  amber: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500 animate-pulse" },
  red: { badge: "bg-red-50 text-red-800 ring-red-600/20", dot: "bg-red-500" },
  grey: { badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/20", dot: "bg-zinc-400" },
};

export function Badge({ tone, children }: { tone: TBadgeTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone].badge}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${TONES[tone].dot}`} />
      {children}
    </span>
  );
}
