import type { TTargetHealthReport } from "@gatehouse/shared";
import type { TRouteTable } from "./route-table.ts";
import type { TargetHealth } from "./upstream/target-health.ts";
import type { TargetRegistry } from "./upstream/target-registry.ts";

/**
 * Target health in cluster mode. Active checks run once, in the primary (workers' registries have
 * them turned off); passive ejections happen in whichever worker sees the failures. The primary merges
 * both into one verdict per target and every worker adopts it, so all workers eject the same
 * targets. Only the ejection itself travels up: the primary times the cool-off from the snapshot,
 * so a worker never has to report that its own ejection ended.
 */

type TState = TTargetHealthReport["state"];

interface TOverlay {
  /** A worker ejected the target passively until this time (ms since epoch); 0 when not ejected. */
  ejectedUntil: number;
  ejectTimer: NodeJS.Timeout | undefined;
  lastError: string | null;
  /** A worker got an answer from the target since its last ejection. */
  answered: boolean;
}

const keyOf = (upstreamId: string, url: string) => `${upstreamId}\n${url}`;

/** The primary's side: its own registry (with active checks) plus what workers report. */
export class HealthAuthority {
  readonly #registry: TargetRegistry;
  readonly #cooldownMs: (upstreamId: string) => number;
  readonly #onChange: () => void;
  readonly #overlays = new Map<string, TOverlay>();
  /** Last merged state and when it changed, so `changedAt` is the merged view's own. */
  readonly #published = new Map<string, { state: TState; changedAt: string }>();
  #current: TTargetHealthReport[] = [];

  constructor(registry: TargetRegistry, cooldownMs: (upstreamId: string) => number, onChange: () => void) {
    this.#registry = registry;
    this.#cooldownMs = cooldownMs;
    this.#onChange = onChange;
    registry.onChange(() => this.refresh());
  }

  /** The merged verdict of every target of the live snapshot (in-flight counts are the workers'). */
  states(): TTargetHealthReport[] {
    return this.#current;
  }

  noteEjected(upstreamId: string, url: string, lastError: string | null): void {
    const overlay = this.#overlay(upstreamId, url);
    const cooldownMs = this.#cooldownMs(upstreamId);
    overlay.ejectedUntil = Date.now() + cooldownMs;
    overlay.answered = false;
    overlay.lastError = lastError;
    clearTimeout(overlay.ejectTimer);
    overlay.ejectTimer = setTimeout(() => {
      overlay.ejectTimer = undefined;
      overlay.ejectedUntil = 0;
      this.refresh();
    }, cooldownMs);
    overlay.ejectTimer.unref();
    this.refresh();
  }

  noteAnswered(upstreamId: string, url: string): void {
    const overlay = this.#overlay(upstreamId, url);
    if (overlay.answered) return;
    overlay.answered = true;
    this.refresh();
  }

  /** Recomputes the merged view (after a swap, a check result, or a worker's note); calls onChange if it moved. */
  refresh(): void {
    const live = new Set<string>();
    let changed = false;
    const now = new Date().toISOString();
    this.#current = this.#registry.snapshot().map((own) => {
      const key = keyOf(own.upstreamId, own.url);
      live.add(key);
      const overlay = this.#overlays.get(key);
      const ejected = overlay !== undefined && overlay.ejectedUntil !== 0;
      const state: TState = own.state === "down" || ejected ? "down" : own.state === "up" || overlay?.answered ? "up" : "unknown";
      let published = this.#published.get(key);
      if (published === undefined || published.state !== state) {
        changed ||= published !== undefined || state !== "unknown";
        published = { state, changedAt: now };
        this.#published.set(key, published);
      }
      return {
        ...own,
        state,
        lastError: ejected ? overlay.lastError : (own.lastError ?? overlay?.lastError ?? null),
        changedAt: state === "unknown" && own.changedAt === null ? null : published.changedAt,
      };
    });
    for (const [key, overlay] of this.#overlays) {
      if (live.has(key)) continue;
      clearTimeout(overlay.ejectTimer);
      this.#overlays.delete(key);
    }
    for (const key of this.#published.keys()) if (!live.has(key)) this.#published.delete(key);
    if (changed) this.#onChange();
  }

  close(): void {
    for (const overlay of this.#overlays.values()) clearTimeout(overlay.ejectTimer);
    this.#overlays.clear();
  }

  #overlay(upstreamId: string, url: string): TOverlay {
    const key = keyOf(upstreamId, url);
    let overlay = this.#overlays.get(key);
    if (overlay === undefined) {
      overlay = { ejectedUntil: 0, ejectTimer: undefined, lastError: null, answered: false };
      this.#overlays.set(key, overlay);
    }
    return overlay;
  }
}

export interface TFollowerEvents {
  ejected(upstreamId: string, url: string, lastError: string | null): void;
  answered(upstreamId: string, url: string): void;
}

/** A worker's side: reports its own passive transitions, adopts the primary's verdicts. */
export class HealthFollower {
  readonly #currentTable: () => TRouteTable;
  #applying = false;

  constructor(registry: TargetRegistry, currentTable: () => TRouteTable, events: TFollowerEvents) {
    this.#currentTable = currentTable;
    registry.onChange((report) => {
      // Our own adoption of a verdict is not news for the primary.
      if (this.#applying) return;
      if (report.state === "down") events.ejected(report.upstreamId, report.url, report.lastError);
      else if (report.state === "up") events.answered(report.upstreamId, report.url);
    });
  }

  /** Adopts the primary's verdicts for the targets of the live table. */
  apply(states: readonly TTargetHealthReport[]): void {
    const upstreams = this.#currentTable().upstreams;
    this.#applying = true;
    try {
      for (const verdict of states) {
        const target = upstreams.get(verdict.upstreamId)?.targets.find((candidate) => candidate.url === verdict.url);
        if (target !== undefined) adopt(target.health, verdict);
      }
    } finally {
      this.#applying = false;
    }
  }
}

/** rise = fall = 1: the primary already applied the thresholds, the worker takes its word at once. */
const ADOPT_AT_ONCE = { rise: 1, fall: 1 };

function adopt(health: TargetHealth, verdict: TTargetHealthReport): void {
  if (verdict.state === "unknown") health.clearActiveState();
  else health.recordCheck(verdict.state === "up", verdict.lastError, ADOPT_AT_ONCE);
}
