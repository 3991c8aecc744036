import { describe, expect, it } from "vitest";
import { nameEvents } from "../../../../lib/app/directory/event-names.js";
import {
  listAuditEvents,
  listUserEvents,
} from "../../../../lib/app/temporary-passwords/temporary-passwords.js";
import { ForbiddenError, NotFoundError } from "../../../../lib/domain/errors.js";
import { aUser, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

describe("the console's event lists", () => {
  it("filter on the store's kind and window, authorize, and name actors and subjects", async () => {
    const deps = fakeDeps();
    const admin = aUser({ tenantId: "t1", forename: "Ada", surname: "Admin", roles: ["site-admin"] });
    const kim = aUser({ tenantId: "t1", forename: "Kim", surname: "Lee" });
    await deps.users.create(admin);
    await deps.users.create(kim);
    const at = (h: number) => `2026-07-01T${String(h).padStart(2, "0")}:00:00.000Z`;
    await deps.audit.recordMany([
      {
        tenantId: "t1",
        eventId: "a",
        at: at(9),
        actor: `user:${admin.userId}`,
        action: "api-key.created",
        details: {},
      },
      {
        tenantId: "t1",
        eventId: "b",
        at: at(10),
        actor: "api-key:k1",
        action: "api-key.revoked",
        details: {},
      },
      {
        tenantId: "t2",
        eventId: "c",
        at: at(10),
        actor: "api-key:k2",
        action: "api-key.revoked",
        details: {},
      },
      {
        tenantId: "t1",
        eventId: "d",
        at: at(11),
        actor: "user:gone",
        action: "sso-pin.reset",
        userId: kim.userId,
        details: {},
      },
    ]);
    const principal = userPrincipal("t1", admin.userId, ["site-admin"]);
    const revoked = await listAuditEvents(deps, principal, { limit: 10, kind: "api-key.revoked" });
    expect(revoked.items.map((e) => e.eventId)).toEqual(["b"]);
    const window = await listAuditEvents(deps, principal, { limit: 10, from: at(9), to: at(10) });
    expect(window.items.map((e) => e.eventId)).toEqual(["a"]);
    const named = await nameEvents(deps, "t1", (await listAuditEvents(deps, principal, { limit: 10 })).items);
    expect(named.map((e) => e.actorName)).toEqual(["API key k1", "Ada Admin"]);
    const history = await listUserEvents(deps, principal, kim.userId, { limit: 10, kind: "sso-pin.reset" });
    const [event] = await nameEvents(deps, "t1", history.items);
    expect(event).toMatchObject({ actorName: "a former user (gone)", subjectName: "Kim Lee" });
    const [copy] = await nameEvents(deps, "t1", [
      {
        tenantId: "t1",
        eventId: "e",
        at: at(12),
        actor: `user:${admin.userId}`,
        action: "authenticators.reset-by-admin",
        details: { userId: kim.userId, removed: 1 },
      },
    ]);
    expect(copy).toMatchObject({ subjectId: kim.userId, subjectName: "Kim Lee" });

    const staff = userPrincipal("t1", kim.userId, ["staff"]);
    await expect(listAuditEvents(deps, staff, { limit: 10 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listUserEvents(deps, principal, "elsewhere", { limit: 10 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
