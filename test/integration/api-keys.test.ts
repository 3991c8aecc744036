import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { sha256 } from "../../lib/domain/api-key.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;
let other: Awaited<ReturnType<typeof createTestTenant>>;
let admin: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  tenant = await createTestTenant(runtime);
  other = await createTestTenant(runtime);
  admin = await signIn("admin");
});
afterAll(async () => runtime?.stop());

async function signIn(username: string, tenantId = tenant.tenantId): Promise<string> {
  const response = await api<{ token: string }>("POST", "/v1/sessions", {
    json: { tenantId, username, password: staffPassword },
  });
  expect(response.status).toBe(201);
  return response.body.token;
}

type Created = { keyId: string; apiKey: string; name: string; createdBy: string; expiresAt?: string };
type Listed = { items: { keyId: string; name: string; createdBy?: string; lastUsedAt?: string }[] };

/** Creates a key as the signed-in admin, confirming with their own password (unless the test says otherwise). */
const create = (
  json: Record<string, unknown>,
  credential: { token?: string; apiKey?: string } = { token: admin },
) => api<Created>("POST", "/v1/api-keys", { ...credential, json: { password: staffPassword, ...json } });

describe("minting a key", () => {
  it("needs the admin's own password: none is 400, a wrong one 401, and neither makes a key", async () => {
    const before = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    const { password: _, ...without } = { name: "no password", password: "" };
    const missing = await api("POST", "/v1/api-keys", { token: admin, json: without });
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect((await create({ name: "wrong password", password: "not the admin's" })).status).toBe(401);
    const after = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(after.body.items).toEqual(before.body.items);
  });
});

describe("API keys as resources", () => {
  it("create → use → list (never the key) → revoke → refused on the next request", async () => {
    const created = await create({ name: "MIS sync" });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(created.body.apiKey).toMatch(new RegExp(`^lk\\.${tenant.tenantId}\\.`));
    expect(created.body.createdBy).toBe(`user:${tenant.admin.userId}`);
    const key = created.body.apiKey;

    expect((await api("GET", "/v1/groups", { apiKey: key })).status).toBe(200);

    const listed = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(listed.status).toBe(200);
    const entry = listed.body.items.find((k) => k.keyId === created.body.keyId);
    expect(entry).toMatchObject({ name: "MIS sync", createdBy: `user:${tenant.admin.userId}` });
    expect(entry?.lastUsedAt).toEqual(expect.any(String));
    expect(listed.text).not.toContain(key);
    expect(listed.text).not.toContain(sha256(key));
    expect(listed.text).not.toContain(key.split(".")[2]);

    expect((await api("DELETE", `/v1/api-keys/${created.body.keyId}`, { token: admin })).status).toBe(204);
    expect((await api("GET", "/v1/groups", { apiKey: key })).status).toBe(401);
    const after = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(after.body.items.map((k) => k.keyId)).not.toContain(created.body.keyId);
    expect((await api("DELETE", `/v1/api-keys/${created.body.keyId}`, { token: admin })).status).toBe(404);

    const events = await api<{ items: { action: string; actor: string; details: { keyId?: string } }[] }>(
      "GET",
      "/v1/audit-events",
      { token: admin },
    );
    const about = events.body.items.filter((e) => e.details.keyId === created.body.keyId);
    expect(about.map((e) => e.action).sort()).toEqual(["api-key.created", "api-key.revoked"]);
    expect(about.every((e) => e.actor === `user:${tenant.admin.userId}`)).toBe(true);
    expect(events.text).not.toContain(key.split(".")[2]);
  });

  it("refuses an expired key, and an expiry in the past (422, nothing created)", async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await create({ name: "Short-lived", expiresAt });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(expiresAt);
    expect((await api("GET", "/v1/groups", { apiKey: created.body.apiKey })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await api("GET", "/v1/groups", { apiKey: created.body.apiKey })).status).toBe(401);

    const before = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    const past = await create({ name: "Already over", expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(422);
    expect(past.headers.get("content-type")).toContain("application/problem+json");
    const after = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it("answers 404 for another tenant's key id, which keeps working", async () => {
    const theirs = await create({ name: "Theirs" }, { token: await signIn("admin", other.tenantId) });
    expect(theirs.status).toBe(201);
    expect((await api("DELETE", `/v1/api-keys/${theirs.body.keyId}`, { token: admin })).status).toBe(404);
    expect((await api("GET", "/v1/groups", { apiKey: theirs.body.apiKey })).status).toBe(200);
    const ours = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(ours.body.items.map((k) => k.keyId)).not.toContain(theirs.body.keyId);
  });

  it("a key cannot create, list or revoke keys, nor can a signed-in user without api-keys:manage", async () => {
    const listed = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    const some = listed.body.items[0]?.keyId as string;
    expect((await create({ name: "Escalation" }, { apiKey: tenant.apiKey })).status).toBe(403);
    expect((await api("GET", "/v1/api-keys", { apiKey: tenant.apiKey })).status).toBe(403);
    expect((await api("DELETE", `/v1/api-keys/${some}`, { apiKey: tenant.apiKey })).status).toBe(403);
    await addUser(runtime, tenant.tenantId, "head.keys", ["headteacher", "staff"]);
    const head = await signIn("head.keys");
    expect((await create({ name: "Escalation" }, { token: head })).status).toBe(403);
    expect((await api("DELETE", `/v1/api-keys/${some}`, { token: head })).status).toBe(403);
    const after = await api<Listed>("GET", "/v1/api-keys", { token: admin });
    expect(after.body.items.map((k) => k.keyId)).toEqual(listed.body.items.map((k) => k.keyId));
  });

  it("revokes once when two revocations arrive at once: one 204, the other 404", async () => {
    const created = await create({ name: "Raced" });
    const answers = await Promise.all(
      [0, 1].map(() => api("DELETE", `/v1/api-keys/${created.body.keyId}`, { token: admin })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
    expect((await api("GET", "/v1/groups", { apiKey: created.body.apiKey })).status).toBe(401);
  });

  it("refuses a name with control characters (400)", async () => {
    expect((await create({ name: "MIS\r\nBcc: x" })).status).toBe(400);
  });
});
