import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import type { Deps } from "../../lib/app/deps.js";
import { signIn as signInUseCase } from "../../lib/app/sessions/sign-in.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { normalisePassword } from "../../lib/domain/password-rules.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenantId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  ({ tenantId } = await createTestTenant(runtime));
});
afterAll(async () => runtime?.stop());

const signIn = (username: string, password: string) =>
  api("POST", "/v1/sessions", { json: { tenantId, username, password } });
const attemptsOf = async (username: string) => {
  const user = await runtime.deps().users.findByUsername(tenantId, username);
  return (await runtime.deps().credentials.getPassword(tenantId, user?.userId ?? ""))?.attempts;
};

describe("attempts during a password lock neither count nor pass", () => {
  it("through the real handler: while locked, the right password and wrong ones are refused, never evaluated, and change nothing", async () => {
    await addUser(runtime, tenantId, "pw.locked", ["staff"]);
    for (let i = 0; i < 5; i++) expect((await signIn("pw.locked", `wrong-${i}-password`)).status).toBe(401);
    const locked = await attemptsOf("pw.locked");
    expect(locked?.lockouts).toBe(1);
    const verify = vi.spyOn(runtime.deps().hasher, "verify");
    try {
      expect((await signIn("pw.locked", staffPassword)).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await signIn("pw.locked", `again-${i}-wrong`)).status).toBe(401);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
    expect(await attemptsOf("pw.locked")).toEqual(locked);
  });

  it("with a fake clock: attempts during the lock do not extend it; the right password passes once it has passed", async () => {
    await addUser(runtime, tenantId, "pw.clock", ["staff"]);
    const t0 = Date.now();
    const at = (ms: number): Deps => ({
      ...runtime.deps(),
      clock: { now: () => new Date(t0 + ms), sleep: async () => undefined },
    });
    const attempt = (ms: number, password: string) =>
      signInUseCase(at(ms), { tenantId, username: "pw.clock", password, sourceIp: "192.0.2.1" });
    for (let i = 0; i < 5; i++) {
      await expect(attempt(i, `wrong-${i}-password`)).rejects.toBeInstanceOf(AuthenticationError);
    }
    const locked = await attemptsOf("pw.clock");
    // Five wrong and then the right password, all during the one-minute lock.
    for (let i = 0; i < 5; i++) {
      await expect(attempt(30_000 + i, `during-${i}-wrong`)).rejects.toBeInstanceOf(AuthenticationError);
    }
    await expect(attempt(31_000, staffPassword)).rejects.toBeInstanceOf(AuthenticationError);
    expect(await attemptsOf("pw.clock")).toEqual(locked);
    const lockEnds = 4 + 60_000; // the fifth failure (at 4 ms) locks for a minute
    await expect(attempt(lockEnds - 1000, staffPassword)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(attempt(lockEnds + 1000, staffPassword)).resolves.toMatchObject({
      user: { username: "pw.clock" },
    });
  });
});

describe("long passwords", () => {
  it("two 80-byte passwords differing only at byte 73 do not both pass sign-in", async () => {
    const user = await addUser(runtime, tenantId, "long.password", ["staff"]);
    const common = "correct-horse-battery-staple-".repeat(3).slice(0, 72);
    const [right, other] = [`${common}A-987654`, `${common}B-987654`];
    expect([Buffer.byteLength(right), Buffer.byteLength(other)]).toEqual([80, 80]);
    const deps = runtime.deps();
    const hash = await deps.hasher.hash(normalisePassword(right));
    await deps.credentials.setPassword(tenantId, user.userId, hash, new Date());
    expect((await signIn("long.password", other)).status).toBe(401);
    expect((await signIn("long.password", right)).status).toBe(201);
  });
});
