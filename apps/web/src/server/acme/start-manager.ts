import {
  acmeAccountForEngine,
  certificatesDue,
  claimCertificate,
  clearChallenges,
  recordOrderFailure,
  releaseCertificate,
  type Db,
  type TDueCertificate,
  type TSecretBox,
} from "@gatehouse/db";
import { AppError, isAppError } from "@gatehouse/shared";
import type * as acme from "acme-client";
import { accountClient } from "./acme-account.ts";
import { orderCertificate, type TManagerLog } from "./order-certificate.ts";
import { explainFailure, problemDetail } from "./order-failure.ts";

export type { TManagerLog } from "./order-certificate.ts";

export type TCertificateManagerOptions = {
  db: Db;
  box: TSecretBox;
  /** Names this process in the order lease, so replicas sharing the database never order the same certificate. */
  holderId: string;
  /** How often to look for due certificates without a wake-up (new ones, renewals, retries after backoff). */
  pollIntervalMs?: number;
  /** How long to wait for every connected proxy node to serve new challenges before asking the CA anyway. */
  propagationTimeoutMs?: number;
  log?: TManagerLog;
  /** Called after a write that changes the snapshot (challenges, an issued certificate). */
  onConfigChanged?: () => void;
};

export type TCertificateManager = {
  /** Look for due certificates now (after a host or certificate was saved). */
  wake(): void;
  /** One pass over the due certificates; joins the pass under way instead of starting a second one. */
  runOnce(): Promise<void>;
  /** Stops polling and waits for the order under way. */
  stop(): Promise<void>;
};

// Longer than any order can take (propagation wait, a minute of status polling, 30 s request timeouts),
// so a lease outlives its order; after a crash another replica takes over when it expires.
const LEASE_MS = 10 * 60_000;

/**
 * Orders and renews the ACME certificates of every organization, one order at a time per process.
 * Each order runs under a lease in the database, so two web replicas never order the same certificate.
 */
export function startCertificateManager(options: TCertificateManagerOptions): TCertificateManager {
  const { db, box, holderId, pollIntervalMs = 30_000, propagationTimeoutMs = 30_000, log = console, onConfigChanged = () => {} } = options;
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  let passRequested = false;

  async function orderDueCertificates(): Promise<void> {
    const due = await certificatesDue(db, new Date());
    if (due.length === 0) return;
    const account = await acmeAccountForEngine(db, box);
    let client: acme.Client | undefined;
    for (const certificate of due) {
      if (stopping.signal.aborted) return;
      if (!(await claimCertificate(db, certificate.id, holderId, LEASE_MS, new Date()))) continue;
      try {
        if (!account) throw new AppError("BAD_INPUT", explainFailure.noAccount());
        client ??= await accountClient(db, box, account);
        const context = { db, box, client, directoryUrl: account.directoryUrl, propagationTimeoutMs, signal: stopping.signal, onConfigChanged, log };
        await orderCertificate(context, certificate);
      } catch (error) {
        await recordFailure(certificate, error);
      } finally {
        await clearChallenges(db, certificate.id);
        onConfigChanged();
        await releaseCertificate(db, certificate.id, holderId);
      }
    }
  }

  async function recordFailure(certificate: TDueCertificate, error: unknown): Promise<void> {
    const names = certificate.domains.join(", ");
    // The host was deleted or changed mid-order, and its certificate with it: nothing left to report on.
    if (isAppError(error) && error.code === "NOT_FOUND") {
      log.info(`ACME order for ${names} dropped: ${error.message}`);
      return;
    }
    if (!isAppError(error)) log.error(`ACME order for ${names} failed unexpectedly:`, error);
    const detail = isAppError(error) ? error.message : explainFailure.unexpected(problemDetail(error));
    try {
      const nextAttemptAt = await recordOrderFailure(db, certificate.id, detail, new Date());
      log.warn(`ACME order for ${names} failed, next attempt after ${nextAttemptAt.toISOString()}: ${detail}`);
    } catch (recordError) {
      if (!isAppError(recordError) || recordError.code !== "NOT_FOUND") throw recordError;
    }
  }

  async function passes(): Promise<void> {
    do {
      passRequested = false;
      await orderDueCertificates();
    } while (passRequested && !stopping.signal.aborted);
  }

  function runOnce(): Promise<void> {
    if (stopping.signal.aborted) return Promise.resolve();
    if (running) {
      // A wake-up during a pass may be for a certificate that pass already skipped: go round once more.
      passRequested = true;
      return running;
    }
    running = passes().finally(() => (running = null));
    return running;
  }

  function wake(): void {
    runOnce().catch((error: unknown) => log.error("Certificate manager pass failed (retried on the next poll):", error));
  }

  const timer = setInterval(wake, pollIntervalMs);
  timer.unref();
  wake();

  return {
    wake,
    runOnce,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
