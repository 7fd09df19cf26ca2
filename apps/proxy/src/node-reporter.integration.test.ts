import type { TNodeReport } from "@gatehouse/shared";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { captureLogs } from "../test/log-capture.ts";
import { startNodeReporter, type TNodeReporter } from "./node-reporter.ts";

const TOKEN = "reporter-token";

describe("node reporter", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(token: string, collect: () => Promise<TNodeReport>) {
    const controlPlane = new FakeControlPlane(TOKEN);
    await controlPlane.start();
    cleanups.push(() => controlPlane.stop());
    const logs = captureLogs();
    const reporter: TNodeReporter = startNodeReporter({
      controlPlaneUrl: controlPlane.url,
      nodeToken: token,
      nodeVersion: "test",
      logger: logs.logger,
      collect,
      // Long enough that every report after the first one in this test comes from a health change.
      intervalMs: 600_000,
    });
    cleanups.push(() => reporter.stop());
    return { controlPlane, reporter, logs };
  }

  it("posts a report at start and again soon after a health change, with the node token", async () => {
    let state: "up" | "down" = "up";
    const { controlPlane, reporter } = await start(TOKEN, async () => ({
      revision: 3,
      targets: [{ upstreamId: "u1", url: "http://127.0.0.1:1", state, lastError: state === "down" ? "refused" : null, inFlight: 2, changedAt: null }],
    }));
    await expect.poll(() => controlPlane.reports.length).toBe(1);
    expect(controlPlane.reports[0]).toEqual({
      revision: 3,
      targets: [{ upstreamId: "u1", url: "http://127.0.0.1:1", state: "up", lastError: null, inFlight: 2, changedAt: null }],
    });

    state = "down";
    reporter.healthChanged();
    reporter.healthChanged();
    await expect.poll(() => controlPlane.reports.length).toBe(2);
    expect(controlPlane.reports[1]!.targets[0]).toMatchObject({ state: "down", lastError: "refused" });
  });

  it("warns once when the control plane refuses the token, and keeps the node running", async () => {
    const { reporter, logs } = await start("wrong-token", async () => ({ revision: null, targets: [] }));
    await expect.poll(() => logs.find("control plane refused the node report").length).toBe(1);
    reporter.healthChanged();
    await expect.poll(() => logs.find("control plane refused the node report").length).toBe(2);
    const [first, second] = logs.find("control plane refused the node report");
    expect(first).toMatchObject({ level: 40, status: 401 });
    expect(second).toMatchObject({ level: 20 });
  });
});
