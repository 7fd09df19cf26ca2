import { describe, expect, it } from "vitest";
import { preserveHostPass } from "./host.ts";

describe("preserve-host pass", () => {
  it("forwards exactly one Host: the authority the client asked for", () => {
    const fields = new Map([["host", ["first.test", "second.test"]]]);
    preserveHostPass.apply(fields, { clientAddress: "127.0.0.1", scheme: "http", host: "App.Example.com:8080" });
    expect(fields.get("host")).toEqual(["App.Example.com:8080"]);
  });
});
