import { describe, expect, it } from "vitest";
import { InvalidCursorError } from "../../../lib/adapters/dynamodb/client.js";
import { lockoutPolicy } from "../../../lib/domain/lockout.js";
import { aUser } from "../../fakes/builders.js";
import { fakeDeps } from "../../fakes/index.js";

/** The fakes keep the adapters' contracts that use cases rely on (checked here once, relied on everywhere). */
describe("in-memory fakes", () => {
  it("page with opaque cursors and refuse a cursor from elsewhere, like the table", async () => {
    const deps = fakeDeps();
    for (const surname of ["Cole", "Adams", "Baker"]) deps.users.seed(aUser({ tenantId: "t", surname }));
    const first = await deps.users.list("t", { limit: 2 });
    expect(first.items.map((u) => u.surname)).toEqual(["Adams", "Baker"]);
    const second = await deps.users.list("t", { limit: 2, cursor: first.cursor });
    expect(second).toEqual({ items: [expect.objectContaining({ surname: "Cole" })] });
    await expect(deps.users.list("t", { limit: 2, cursor: "bm9wZQ" })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it("list no user who left, and verify an email only while it is still the user's, like the table", async () => {
    const deps = fakeDeps();
    deps.users.seed(aUser({ tenantId: "t", userId: "gone", surname: "Adams", status: "left" }));
    deps.users.seed(aUser({ tenantId: "t", userId: "here", surname: "Baker", email: "b@school.example" }));
    expect((await deps.users.list("t", { limit: 10 })).items.map((u) => u.userId)).toEqual(["here"]);
    expect(await deps.users.markEmailVerified("t", "here", "old@school.example")).toBe(false);
    expect((await deps.users.get("t", "here"))?.emailVerified).toBe(false);
    expect(await deps.users.markEmailVerified("t", "here", "b@school.example")).toBe(true);
    expect((await deps.users.get("t", "here"))?.emailVerified).toBe(true);
  });

  it("restart a counter stranded at the threshold once the longest lock has passed", async () => {
    const deps = fakeDeps();
    const now = deps.clock.now();
    deps.credentialItems.put("password", "t", "u", {
      hash: "h",
      failures: 5,
      lockouts: 0,
      lastAttemptAt: +now,
    });
    expect(await deps.credentials.reserveAttempt("t", "u", now)).toBe("locked");
    deps.clock.advance(lockoutPolicy.maxLockSeconds * 1000);
    expect(await deps.credentials.reserveAttempt("t", "u", deps.clock.now())).toBe("reserved");
    expect(deps.credentialItems.attempts("password", "t", "u")?.failures).toBe(1);
  });

  it("count nothing on a credential that does not exist", async () => {
    const deps = fakeDeps();
    expect(await deps.credentials.reserveAttempt("t", "u", deps.clock.now())).toBe("locked");
    expect(await deps.credentials.reserveAttemptWithHash("t", "u", deps.clock.now(), "sso-pin")).toEqual({
      outcome: "absent",
    });
  });

  it("free a tenant lock once it expires, and release it only for its holder", async () => {
    const deps = fakeDeps();
    expect(await deps.locks.acquire("t", "run", "a", deps.clock.now(), 60)).toBe(true);
    expect(await deps.locks.acquire("t", "run", "b", deps.clock.now(), 60)).toBe(false);
    await deps.locks.release("t", "run", "b");
    expect(await deps.locks.holder("t", "run", deps.clock.now())).toBe("a");
    deps.clock.advance(60_000);
    expect(await deps.locks.holder("t", "run", deps.clock.now())).toBeUndefined();
    expect(await deps.locks.acquire("t", "run", "b", deps.clock.now(), 60)).toBe(true);
  });

  it("use a reset link once, and not after it expires", async () => {
    const deps = fakeDeps();
    const linkExpiresAt = new Date(+deps.clock.now() + 60_000).toISOString();
    const record = { tenantId: "t", userId: "u", tokenHash: "h", linkExpiresAt, sentAt: [], version: 1 };
    expect(await deps.passwordResets.replace(record)).toBe(true);
    expect(await deps.passwordResets.replace(record)).toBe(false);
    expect(await deps.passwordResets.consume("t", "u", "h", deps.clock.now())).toBe(true);
    expect(await deps.passwordResets.consume("t", "u", "h", deps.clock.now())).toBe(false);
    expect(await deps.passwordResets.replace({ ...record, version: 3 })).toBe(true);
    deps.clock.advance(60_000);
    expect(await deps.passwordResets.consume("t", "u", "h", deps.clock.now())).toBe(false);
  });

  it("open a sealed secret only with the AAD it was sealed under", async () => {
    const deps = fakeDeps();
    const sealed = await deps.secretBox.seal("secret", "tenant/user/1");
    await expect(deps.secretBox.open(sealed, "tenant/user/1")).resolves.toBe("secret");
    await expect(deps.secretBox.open(sealed, "tenant/user/2")).rejects.toThrow();
  });
});
