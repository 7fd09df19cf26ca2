import type { TTargetHealthView } from "@gatehouse/db";

export type THealthState = "up" | "down" | "unknown";

/** What the GUI shows for one target, merged over every connected proxy node that reports it. */
export type TTargetHealthSummary = {
  state: THealthState;
  lastError: string | null;
  /** Requests in flight to the target, summed over nodes. */
  inFlight: number;
  /** Set when nodes disagree or none has reported: which node sees what. */
  detail: string | null;
};

const UNKNOWN: TTargetHealthSummary = { state: "unknown", lastError: null, inFlight: 0, detail: "No connected proxy has reported this target yet." };

/**
 * Down wins: a target that one node cannot reach fails that node's share of the traffic, so it is
 * shown as down (with which nodes) rather than hidden behind the nodes that still reach it.
 */
export function summarizeTargetHealth(nodes: TTargetHealthView["nodes"]): TTargetHealthSummary {
  if (nodes.length === 0) return UNKNOWN;
  const down = nodes.filter((node) => node.state === "down");
  const up = nodes.filter((node) => node.state === "up");
  const state: THealthState = down.length > 0 ? "down" : up.length > 0 ? "up" : "unknown";
  const disagree = new Set(nodes.map((node) => node.state)).size > 1;
  return {
    state,
    lastError: down.find((node) => node.lastError !== null)?.lastError ?? null,
    inFlight: nodes.reduce((sum, node) => sum + node.inFlight, 0),
    detail: disagree ? nodes.map((node) => `${node.state} on ${node.nodeName}`).join(", ") : null,
  };
}

/** Looks targets up by upstream and URL; a target no node reports is "unknown". */
export function targetHealthLookup(views: TTargetHealthView[]): (upstreamId: string, url: string) => TTargetHealthSummary {
  const byTarget = new Map(views.map((view) => [`${view.upstreamId} ${view.url}`, summarizeTargetHealth(view.nodes)]));
  return (upstreamId, url) => byTarget.get(`${upstreamId} ${url}`) ?? UNKNOWN;
}
