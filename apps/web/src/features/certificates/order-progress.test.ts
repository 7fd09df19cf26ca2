import type { TCertificateEventStep } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { orderProgress, orderRunning } from "./order-progress.ts";

const events = (...steps: TCertificateEventStep[]) => steps.map((step) => ({ step }));
const states = (...steps: TCertificateEventStep[]) => orderProgress(events(...steps)).map(({ step, state }) => `${step}:${state}`);

describe("orderProgress", () => {
  it("shows nothing started before the first event", () => {
    expect(states()).toEqual(["requested:upcoming", "ordering:upcoming", "validating:upcoming", "issued:upcoming"]);
  });

  it("marks the last step reached as in progress while the order runs", () => {
    expect(states("requested")).toEqual(["requested:current", "ordering:upcoming", "validating:upcoming", "issued:upcoming"]);
    expect(states("requested", "ordering", "validating")).toEqual(["requested:done", "ordering:done", "validating:current", "issued:upcoming"]);
  });

  it("marks every step done once issued", () => {
    expect(states("requested", "ordering", "validating", "issued")).toEqual(["requested:done", "ordering:done", "validating:done", "issued:done"]);
  });

  it("marks the step that failed, and a failure before ordering against ordering", () => {
    expect(states("requested", "ordering", "validating", "failed")).toEqual(["requested:done", "ordering:done", "validating:failed", "issued:upcoming"]);
    expect(states("requested", "failed")).toEqual(["requested:done", "ordering:failed", "validating:upcoming", "issued:upcoming"]);
  });

  it("follows only the latest attempt: a retry after a failure, a renewal after an issue", () => {
    expect(states("requested", "ordering", "failed", "requested", "ordering")).toEqual(["requested:done", "ordering:current", "validating:upcoming", "issued:upcoming"]);
    expect(states("requested", "ordering", "validating", "issued", "renewing", "ordering", "validating")).toEqual([
      "requested:done",
      "ordering:done",
      "validating:current",
      "issued:upcoming",
    ]);
  });
});

describe("orderRunning", () => {
  it("runs while the certificate waits for its first issue, or a renewal is under way", () => {
    expect(orderRunning("pending", [])).toBe(true);
    expect(orderRunning("validating", events("requested", "ordering", "validating"))).toBe(true);
    expect(orderRunning("issued", events("requested", "ordering", "validating", "issued", "renewing"))).toBe(true);
  });

  it("stops once issued or failed", () => {
    expect(orderRunning("issued", events("requested", "ordering", "validating", "issued"))).toBe(false);
    expect(orderRunning("failed", events("requested", "ordering", "failed"))).toBe(false);
    expect(orderRunning("issued", events("renewing", "ordering", "failed"))).toBe(false);
  });
});
