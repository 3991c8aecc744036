import { describe, expect, it } from "vitest";
import {
  createTenantApiKey,
  listTenantApiKeys,
  revokeTenantApiKey,
} from "../../../../lib/app/api-keys/api-keys.js";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import { maxApiKeysPerTenant } from "../../../../lib/domain/api-key.js";
import {
  AmbiguousCredentialsError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  InvalidTokenError,
  NotFoundError,
  SessionExpiredError,
} from "../../../../lib/domain/errors.js";
import { apiKeyPrincipal, aUser, userPrincipal } from "../../../fakes/builders.js";
import { type FakeDeps, fakeDeps, fakeHashOf } from "../../../fakes/index.js";

const tenantId = "acme";
const adminPassword = "the admin's own password";

/** A signed-in site admin with a password: minting a key is confirmed with it. */
async function keyAdmin(deps: FakeDeps) {
  const admin = deps.users.seed(aUser({ tenantId, userId: "admin-1", roles: ["site-admin"] }));
  await deps.credentials.setPassword(tenantId, admin.userId, fakeHashOf(adminPassword), deps.clock.now());
  return userPrincipal(tenantId, admin.userId, ["site-admin"]);
}

async function signedIn() {
  const deps = fakeDeps();
  const user = aUser({ tenantId, roles: ["staff"] });
  await deps.users.create(user);
  const { token } = await deps.sessions.issue(
    { tenantId, userId: user.userId, roles: ["staff"] },
    deps.clock.now(),
  );
  return { deps, user, token };
}

describe("authenticate: a session counts only with the user's current state", () => {
  it("takes the roles from the user item, not from the token", async () => {
    const deps = fakeDeps();
    const user = aUser({ tenantId, roles: ["staff"] });
    await deps.users.create(user);
    // A token issued while the user was still a site admin.
    const { token } = await deps.sessions.issue(
      { tenantId, userId: user.userId, roles: ["site-admin", "staff"] },
      deps.clock.now(),
    );
    const { principal } = await authenticate(deps, { bearer: token });
    expect(principal).toMatchObject({ kind: "user", userId: user.userId, roles: ["staff"] });
  });

  it("refuses a user who is not active, or who no longer exists", async () => {
    const deps = fakeDeps();
    const disabled = aUser({ tenantId, status: "disabled" });
    await deps.users.create(disabled);
    const { token } = await deps.sessions.issue(
      { tenantId, userId: disabled.userId, roles: ["staff"] },
      deps.clock.now(),
    );
    await expect(authenticate(deps, { bearer: token })).rejects.toBeInstanceOf(AuthenticationError);
    const { token: ghost } = await deps.sessions.issue(
      { tenantId, userId: "gone", roles: ["staff"] },
      deps.clock.now(),
    );
    await expect(authenticate(deps, { bearer: ghost })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses a session issued before a revocation, and a signed-out session only", async () => {
    const { deps, user, token } = await signedIn();
    const { token: second } = await deps.sessions.issue(
      { tenantId, userId: user.userId, roles: ["staff"] },
      deps.clock.now(),
    );
    const { principal } = await authenticate(deps, { bearer: token });
    if (principal.kind !== "user" || !principal.session) throw new Error("expected a session");
    await deps.sessionRevocations.revokeSession(
      tenantId,
      user.userId,
      principal.session.sessionId,
      new Date(),
    );
    await expect(authenticate(deps, { bearer: token })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticate(deps, { bearer: second })).resolves.toMatchObject({
      principal: { userId: user.userId },
    });
    await deps.clock.sleep(1);
    await deps.sessionRevocations.revokeAll(tenantId, user.userId, deps.clock.now());
    await expect(authenticate(deps, { bearer: second })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("authenticate: API keys", () => {
  it("refuses an expired key and records a served use at most once a minute", async () => {
    const deps = fakeDeps();
    const admin = await keyAdmin(deps);
    const expiresAt = new Date(deps.clock.now().getTime() + 5 * 60_000).toISOString();
    const { apiKey, keyId } = await createTenantApiKey(deps, admin, {
      name: "MIS",
      expiresAt,
      password: adminPassword,
    });
    const use = async () => (await authenticate(deps, { apiKey })).served();
    const authenticated = await authenticate(deps, { apiKey });
    expect(authenticated.principal).toEqual({ kind: "api-key", tenantId, keyId });
    // Not served (refused by the handler): no use recorded.
    expect((await listTenantApiKeys(deps, admin))[0]?.lastUsedAt).toBeUndefined();
    await authenticated.served();
    const first = (await listTenantApiKeys(deps, admin))[0]?.lastUsedAt;
    expect(first).toBe(deps.clock.now().toISOString());
    await deps.clock.sleep(30_000);
    await use();
    expect((await listTenantApiKeys(deps, admin))[0]?.lastUsedAt).toBe(first);
    await deps.clock.sleep(31_000);
    await use();
    expect((await listTenantApiKeys(deps, admin))[0]?.lastUsedAt).toBe(deps.clock.now().toISOString());
    await deps.clock.sleep(4 * 60_000);
    await expect(authenticate(deps, { apiKey })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses a revoked key; only a signed-in site admin manages keys; another tenant's key is not found", async () => {
    const deps = fakeDeps();
    const admin = await keyAdmin(deps);
    const { apiKey, keyId } = await createTenantApiKey(deps, admin, { name: "MIS", password: adminPassword });
    await expect(
      createTenantApiKey(deps, apiKeyPrincipal(tenantId), { name: "x", password: adminPassword }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      listTenantApiKeys(deps, userPrincipal(tenantId, "h", ["headteacher"])),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      revokeTenantApiKey(deps, userPrincipal("other", "admin-2", ["site-admin"]), keyId),
    ).rejects.toBeInstanceOf(NotFoundError);
    await revokeTenantApiKey(deps, admin, keyId);
    await expect(authenticate(deps, { apiKey })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("API key limits", () => {
  it(`keeps at most ${maxApiKeysPerTenant} unrevoked keys per tenant; revoking one makes room`, async () => {
    const deps = fakeDeps();
    const admin = await keyAdmin(deps);
    const created = [];
    for (let i = 0; i < maxApiKeysPerTenant; i++)
      created.push(await createTenantApiKey(deps, admin, { name: `k${i}`, password: adminPassword }));
    await expect(
      createTenantApiKey(deps, admin, { name: "one too many", password: adminPassword }),
    ).rejects.toBeInstanceOf(ConflictError);
    await revokeTenantApiKey(deps, admin, created[0]?.keyId as string);
    await expect(
      createTenantApiKey(deps, admin, { name: "room again", password: adminPassword }),
    ).resolves.toMatchObject({
      name: "room again",
    });
  });
});

describe("minting an API key", () => {
  it("needs the admin's own password: a wrong one makes no key and counts towards their lockout", async () => {
    const deps = fakeDeps();
    const admin = await keyAdmin(deps);
    for (let i = 0; i < 5; i++) {
      await expect(
        createTenantApiKey(deps, admin, { name: "stolen session", password: "a guess" }),
      ).rejects.toBeInstanceOf(AuthenticationError);
    }
    // Locked now: even the right password is refused, and no key was ever made.
    await expect(
      createTenantApiKey(deps, admin, { name: "stolen session", password: adminPassword }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(await listTenantApiKeys(deps, admin)).toEqual([]);
  });
});

describe("authenticate: which credential, and why it failed", () => {
  it("refuses an API key and a bearer token together, even when both are valid, before looking either up", async () => {
    const { deps, token } = await signedIn();
    const admin = await keyAdmin(deps);
    const { apiKey } = await createTenantApiKey(deps, admin, { name: "sync", password: adminPassword });
    expect((await authenticate(deps, { apiKey })).principal.kind).toBe("api-key");
    await expect(authenticate(deps, { apiKey, bearer: token })).rejects.toBeInstanceOf(
      AmbiguousCredentialsError,
    );
    // An Authorization header that is not a bearer token ("") still counts as a second credential.
    await expect(authenticate(deps, { apiKey, bearer: "" })).rejects.toBeInstanceOf(
      AmbiguousCredentialsError,
    );
  });

  it("calls a presented session that fails invalid, and an expired one expired", async () => {
    const { deps, user, token } = await signedIn();
    await expect(authenticate(deps, { bearer: "not-a-token" })).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(authenticate(deps, { bearer: "not-a-token" })).rejects.not.toBeInstanceOf(
      SessionExpiredError,
    );
    await deps.users.setStatus(tenantId, user.userId, "disabled", user.version, deps.clock.now());
    await expect(authenticate(deps, { bearer: token })).rejects.toBeInstanceOf(InvalidTokenError);
    deps.clock.advance(24 * 3600 * 1000);
    await expect(authenticate(deps, { bearer: token })).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it("fails without a credential as plain AuthenticationError (no token to call invalid)", async () => {
    const { deps } = await signedIn();
    const missing = authenticate(deps, {});
    await expect(missing).rejects.toBeInstanceOf(AuthenticationError);
    await expect(missing).rejects.not.toBeInstanceOf(InvalidTokenError);
  });
});
