import { describe, expect, it } from "vitest";
import { expectPass } from "./expect.ts";

describe("expect pass", () => {
  it("drops Expect, which Node already answered on the client connection", () => {
    const fields = new Map([
      ["expect", ["100-continue"]],
      ["content-length", ["10"]],
    ]);
    expectPass.apply(fields, { clientAddress: "127.0.0.1", scheme: "http", host: "a.test" });
    expect([...fields.keys()]).toEqual(["content-length"]);
  });
});
