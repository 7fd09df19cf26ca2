import { AppError } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost } from "../../test/host-inputs.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { withDomainRaceAsConflict } from "./domain-conflicts.ts";
import { orgHosts } from "./org-hosts.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

// The pre-check inside the transaction covers writers in this process; these cover a writer in
// another process committing between check and insert, where only the unique index notices.
describe("withDomainRaceAsConflict", () => {
  it("turns a unique violation on HostDomain.domain into CONFLICT naming the domain", async () => {
    const organizationId = await insertOrganization(temp.db, "race");
    const host = await orgHosts(temp.db, organizationId, TEST_ACTOR).create(backendHost(["race.example.com"]));

    const error = await withDomainRaceAsConflict(temp.db, ["race.example.com"], undefined, () =>
      temp.db.hostDomain.create({ data: { hostId: host.id, organizationId, domain: "race.example.com", position: 1 } }),
    ).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { domains: ["race.example.com is already used by another host."] },
    });
  });

  it("turns a unique violation on the private upstream's name into the same CONFLICT", async () => {
    const organizationId = await insertOrganization(temp.db, "upstream-race");
    await orgHosts(temp.db, organizationId, TEST_ACTOR).create(backendHost(["up.example.com"]));

    const error = await withDomainRaceAsConflict(temp.db, ["up.example.com"], undefined, () =>
      temp.db.upstream.create({ data: { organizationId, name: "up.example.com/", private: true } }),
    ).catch((reason: unknown) => reason);

    expect(error).toMatchObject({ code: "CONFLICT", message: "up.example.com is already used by another host." });
  });

  it("passes other errors through unchanged", async () => {
    const failure = new Error("disk full");
    await expect(withDomainRaceAsConflict(temp.db, ["x.example.com"], undefined, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
