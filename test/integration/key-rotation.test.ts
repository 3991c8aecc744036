import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

/**
 * Rotating the pepper and the session key through the real sign-in, on the local runtime's key file (the local
 * form of the Secrets Manager secrets): edited in place, as an operator edits a secret, and read again on change.
 */
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenantId: string;
let file: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  ({ tenantId } = await createTestTenant(runtime));
  file = join(runtime.stateDir, "secrets.json");
});
afterAll(async () => runtime?.stop());

const signIn = (username: string) =>
  api("POST", "/v1/sessions", { json: { tenantId, username, password: staffPassword } });
const me = (token: string) => api("GET", "/v1/me", { token });
const storedHash = async (userId: string) =>
  (await runtime.deps().credentials.getPassword(tenantId, userId))?.hash ?? "";

/** Rewrites the key file (its mtime moves on, so the running functions read it again). */
async function rewrite(change: (secrets: Record<string, unknown>) => Record<string, unknown>) {
  const secrets = JSON.parse(await readFile(file, "utf8"));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await writeFile(file, JSON.stringify(change(secrets)));
}

describe("key rotation through sign-in", () => {
  it("keeps old hashes and tokens working after a rotation, rehashes on sign-in, and fails closed once a key is removed", async () => {
    const early = await addUser(runtime, tenantId, "early.bird", ["staff"]);
    const dormant = await addUser(runtime, tenantId, "dormant.user", ["staff"]);
    const before = await signIn("early.bird");
    expect(before.status).toBe(201);
    const oldToken = before.body.token as string;
    expect(decodeProtectedHeader(oldToken).kid).toBe("1");
    expect((await storedHash(early.userId)).startsWith("$argon2id$")).toBe(true);

    const newKey = () => randomBytes(32).toString("base64");
    await rewrite((s) => ({
      ...s,
      pepper: { current: "2", keys: { 1: s.pepper, 2: newKey() } },
      sessionKey: { current: "2", keys: { 1: s.sessionKey, 2: newKey() } },
    }));

    expect((await me(oldToken)).status).toBe(200);
    const after = await signIn("early.bird");
    expect(after.status).toBe(201);
    const newToken = after.body.token as string;
    expect(decodeProtectedHeader(newToken).kid).toBe("2");
    // Signed in with the old pepper's hash, and rehashed under the new one on the way.
    expect((await storedHash(early.userId)).startsWith("$pepper=2$argon2id$")).toBe(true);
    expect((await signIn("early.bird")).status).toBe(201);
    // A rehash only replaces the hash it read: a password changed meanwhile is never overwritten.
    const current = await storedHash(early.userId);
    await runtime
      .deps()
      .credentials.rehashPassword(tenantId, early.userId, "$argon2id$stale", "$argon2id$other");
    expect(await storedHash(early.userId)).toBe(current);

    // Old ids removed: tokens of the old key and hashes nobody rehashed fail closed; the new ones keep working.
    await rewrite((s) => ({
      ...s,
      pepper: { current: "2", keys: { 2: (s.pepper as { keys: Record<string, string> }).keys["2"] } },
      sessionKey: { current: "2", keys: { 2: (s.sessionKey as { keys: Record<string, string> }).keys["2"] } },
    }));
    expect((await me(oldToken)).status).toBe(401);
    expect((await me(newToken)).status).toBe(200);
    expect((await signIn("dormant.user")).status).toBe(401);
    expect((await storedHash(dormant.userId)).startsWith("$argon2id$")).toBe(true);
    expect((await signIn("early.bird")).status).toBe(201);
  });
});
