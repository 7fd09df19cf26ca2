import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secret-box.ts";

const SECRET = "a long random instance secret, at least 32 characters";

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}

describe("createSecretBox", () => {
  it("opens what it sealed, in the v1 format, with a fresh IV each time", () => {
    const box = createSecretBox(SECRET);
    const key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    const first = box.seal(key);
    const second = box.seal(key);

    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain("PRIVATE KEY");
    expect(second).not.toBe(first);
    expect(box.open(first)).toBe(key);
    expect(createSecretBox(SECRET).open(second)).toBe(key);
    expect(box.open(box.seal(""))).toBe("");
  });

  it("refuses a tampered value, naming the likely cause", () => {
    const box = createSecretBox(SECRET);
    const [version, iv, tag, ciphertext] = box.seal("the EAB HMAC key").split(".") as [string, string, string, string];
    const flipped = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);

    for (const tampered of [
      [version, iv, tag, flipped(ciphertext)],
      [version, iv, flipped(tag), ciphertext],
      [version, flipped(iv), tag, ciphertext],
    ]) {
      expect(() => box.open(tampered.join("."))).toThrow(/GATEHOUSE_SECRET changed\?/);
    }
    expect(thrown(() => box.open("v2.a.b.c"))).toMatchObject({ code: "INTERNAL" });
    expect(thrown(() => box.open("not sealed"))).toMatchObject({ code: "INTERNAL" });
  });

  it("cannot open values sealed with another secret", () => {
    const sealed = createSecretBox(SECRET).seal("account key");

    const error = thrown(() => createSecretBox(`${SECRET}, but another one`).open(sealed));

    expect(error).toMatchObject({ code: "INTERNAL", message: expect.stringMatching(/GATEHOUSE_SECRET changed\?/) });
  });
});
