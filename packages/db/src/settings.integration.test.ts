import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../test/rejection.ts";
import { migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { currentRevision } from "./revision.ts";
import { getInstanceSettings, updateInstanceSettings } from "./settings.ts";
import { instanceOwnerId } from "./users.ts";
import { TEST_ACTOR } from "../test/actor.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("instance settings", () => {
  it("starts with the contract's defaults", async () => {
    expect(await getInstanceSettings(temp.db)).toEqual({ defaultSite: { type: "not-found" }, trustedProxies: [], unknownSni: "default-certificate" });
  });

  it("round-trips an update and bumps the revision once per update", async () => {
    const before = await currentRevision(temp.db);

    const saved = await updateInstanceSettings(temp.db, { defaultSite: { type: "close" }, trustedProxies: [" 10.0.0.0/8 ", "::1"], unknownSni: "refuse" }, TEST_ACTOR);
    expect(saved).toEqual({ defaultSite: { type: "close" }, trustedProxies: ["10.0.0.0/8", "::1"], unknownSni: "refuse" });
    expect(await getInstanceSettings(temp.db)).toEqual(saved);
    expect(await currentRevision(temp.db)).toBe(before + 1);

    await updateInstanceSettings(temp.db, {}, TEST_ACTOR);
    expect(await getInstanceSettings(temp.db)).toEqual({ defaultSite: { type: "not-found" }, trustedProxies: [], unknownSni: "default-certificate" });
    expect(await currentRevision(temp.db)).toBe(before + 2);
    expect(await temp.db.instanceSettings.count()).toBe(1);
  });

  it("refuses invalid settings with field errors and changes nothing", async () => {
    await updateInstanceSettings(temp.db, { trustedProxies: ["192.168.0.0/16"] }, TEST_ACTOR);
    const revision = await currentRevision(temp.db);

    const error = await rejection(
      updateInstanceSettings(temp.db, { defaultSite: { type: "redirect", to: "ftp://x", status: 302 }, trustedProxies: ["10.0.0.0/33"] }, TEST_ACTOR),
    );

    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["defaultSite", "trustedProxies"]);
    expect(await currentRevision(temp.db)).toBe(revision);
    expect((await getInstanceSettings(temp.db)).trustedProxies).toEqual(["192.168.0.0/16"]);
  });
});

describe("instanceOwnerId", () => {
  it("is null before setup and then the first user to be created", async () => {
    expect(await instanceOwnerId(temp.db)).toBeNull();
    const user = (id: string, createdAt: string) => ({ id, name: id, email: `${id}@example.com`, createdAt: new Date(createdAt) });
    await temp.db.user.create({ data: user("second", "2026-11-02T00:00:00Z") });
    await temp.db.user.create({ data: user("first", "2026-11-01T00:00:00Z") });

    expect(await instanceOwnerId(temp.db)).toBe("first");
  });
});
