import { AppError } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { caName, explainFailure, inStage, problemDetail } from "./order-failure.ts";

describe("problemDetail", () => {
  it("takes an error's message without its closing full stop, so advice can follow it", () => {
    expect(problemDetail(new Error("Invalid response from http://a.example/.well-known/acme-challenge/x: 404."))).toBe(
      "Invalid response from http://a.example/.well-known/acme-challenge/x: 404",
    );
    expect(problemDetail("connect ECONNREFUSED 127.0.0.1:14000")).toBe("connect ECONNREFUSED 127.0.0.1:14000");
    expect(problemDetail(new Error("  "))).toBe("no detail given");
  });
});

describe("inStage", () => {
  it("passes a stage's result through", async () => {
    await expect(inStage(() => "unused", async () => 42)).resolves.toBe(42);
  });

  it("turns a stage's failure into an AppError carrying the CA's words and what to check", async () => {
    const explain = explainFailure.validation(caName("https://acme-v02.api.letsencrypt.org/directory"), "app.example.com", "tok3n");
    const failure = inStage(explain, async () => {
      throw new Error("127.0.0.2: Fetching http://app.example.com/.well-known/acme-challenge/tok3n: Connection refused");
    });
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toThrow(
      "acme-v02.api.letsencrypt.org could not validate http://app.example.com/.well-known/acme-challenge/tok3n: " +
        "127.0.0.2: Fetching http://app.example.com/.well-known/acme-challenge/tok3n: Connection refused. " +
        "Check that app.example.com points at this proxy",
    );
  });
});
