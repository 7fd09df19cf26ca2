import { describe, expect, it } from "vitest";
import { ZCidr } from "./cidr.ts";

describe("ZCidr", () => {
  it.each([["10.0.0.0/8"], ["192.168.1.7"], ["fd00::/8"], ["::1/128"], ["::ffff:10.0.0.1"], ["2001:db8::/32"]])("accepts %j", (input) => {
    expect(ZCidr.safeParse(input).success).toBe(true);
  });
  it.each([["10.0.0.0/33"], ["fd00::/129"], ["example.com"], ["10.0.0.0/8/1"], ["10.0.0.0/x"], ["010.0.0.1"], ["256.0.0.1"], ["1::2::3"], ["::1]/x["], ["fe80::1%eth0"]])("rejects %j", (input) => {
    expect(ZCidr.safeParse(input).success).toBe(false);
  });
});
