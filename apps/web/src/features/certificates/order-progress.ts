import type { TCertificateEventStep, TCertificateStatus } from "@gatehouse/shared";

/** The steps of one order as the timeline draws them; "renewing" opens an attempt like "requested". */
export const ORDER_STEPS = ["requested", "ordering", "validating", "issued"] as const;
export type TOrderStep = (typeof ORDER_STEPS)[number];

export const EVENT_STEP_LABELS: Record<TCertificateEventStep, string> = {
  requested: "Requested",
  renewing: "Renewal started",
  ordering: "Ordering",
  validating: "Waiting for validation",
  issued: "Issued",
  failed: "Failed",
};

export type TStepState = "done" | "current" | "failed" | "upcoming";
export type TOrderProgress = { step: TOrderStep; label: string; state: TStepState }[];

type TEvent = { step: TCertificateEventStep };

/** The events of the latest attempt: from its last "requested" or "renewing" on. */
function latestAttempt<T extends TEvent>(events: readonly T[]): readonly T[] {
  const start = events.findLastIndex((event) => event.step === "requested" || event.step === "renewing");
  return start === -1 ? events : events.slice(start);
}

/**
 * Where the latest order stands, step by step: the last step reached is "current" while the order
 * runs, "failed" when it ended in failure (a failure before ordering began counts against ordering).
 */
export function orderProgress(events: readonly TEvent[]): TOrderProgress {
  const attempt = latestAttempt(events);
  const reached = Math.max(0, ...attempt.map((event) => ORDER_STEPS.indexOf(event.step === "renewing" ? "requested" : (event.step as TOrderStep))));
  const last = attempt.at(-1)?.step;
  const failedAt = last === "failed" ? Math.max(reached, 1) : -1;
  return ORDER_STEPS.map((step, index) => {
    let state: TStepState = "upcoming";
    if (index === failedAt) state = "failed";
    else if (index < reached || (index === reached && (last === "issued" || failedAt > reached))) state = "done";
    else if (index === reached && failedAt === -1 && attempt.length > 0) state = "current";
    return { step, label: EVENT_STEP_LABELS[step], state };
  });
}

const RUNNING_STATUSES: readonly TCertificateStatus[] = ["pending", "ordering", "validating"];
const RUNNING_STEPS: readonly TCertificateEventStep[] = ["requested", "renewing", "ordering", "validating"];

/** Whether an order (first issue or renewal) is under way, so the page keeps refreshing itself. */
export function orderRunning(status: TCertificateStatus, events: readonly TEvent[]): boolean {
  const last = events.at(-1)?.step;
  return RUNNING_STATUSES.includes(status) || (last !== undefined && RUNNING_STEPS.includes(last));
}
