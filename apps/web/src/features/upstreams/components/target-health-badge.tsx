import type { THealthState, TTargetHealthSummary } from "../target-health.ts";

const STATES: Record<THealthState, { label: string; dot: string; text: string }> = {
  up: { label: "Up", dot: "bg-emerald-500", text: "text-emerald-800" },
  down: { label: "Down", dot: "bg-red-500", text: "text-red-700" },
  unknown: { label: "Unknown", dot: "bg-zinc-400", text: "text-zinc-600" },
};

/** A coloured dot and the state in words (colour is never the only signal). */
export function TargetHealthBadge({ health }: { health: TTargetHealthSummary }) {
  const { label, dot, text } = STATES[health.state];
  const title = [health.detail, health.lastError].filter(Boolean).join(" · ") || undefined;
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap text-xs font-medium ${text}`} title={title}>
      <span aria-hidden="true" className={`size-2 shrink-0 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
