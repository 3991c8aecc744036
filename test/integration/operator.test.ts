import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/local/invoke.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import { client, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** Runs the operator CLI the way the README shows, against this runtime's state folder. */
async function operator(...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "scripts/operator.ts", ...args, "--state-dir", runtime.stateDir],
    { cwd: projectRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
  );
  return stdout;
}

describe("operator CLI", () => {
  it("creates a tenant, an API key and a first site admin who can sign in", async () => {
    await operator("create-tenant", "--tenant", "riverside", "--name", "Riverside Academy");
    const keyOutput = await operator("create-api-key", "--tenant", "riverside", "--name", "MIS sync");
    const apiKey = /(lk\.riverside\.\S+)/.exec(keyOutput)?.[1] ?? "";
    const adminOutput = await operator(
      "create-admin",
      "--tenant",
      "riverside",
      "--username",
      "office",
      "--forename",
      "Ola",
      "--surname",
      "Reed",
    );
    const password = /Password \(shown once\): (\S+)/.exec(adminOutput)?.[1] ?? "";

    expect((await api("GET", "/v1/tenant", { apiKey })).body).toMatchObject({ name: "Riverside Academy" });
    const session = await api("POST", "/v1/sessions", {
      json: { tenantId: "riverside", username: "office", password },
    });
    expect(session.status).toBe(201);
    expect(session.body).toMatchObject({ user: { roles: ["site-admin", "staff"] } });
  }, 60_000);

  it("creates a Latchkey ID for the listed schools where the email has an account, and reports the others", async () => {
    const deps = runtime.deps();
    for (const tenantId of ["ash-grove", "beech-hill", "cedar-park"]) {
      await operator("create-tenant", "--tenant", tenantId, "--name", tenantId);
    }
    for (const tenantId of ["ash-grove", "beech-hill"]) {
      await createUserWithPassword(deps, {
        tenantId,
        username: "jo",
        forename: "Jo",
        surname: "Rivers",
        userType: "staff",
        roles: ["staff"],
        email: "Jo.Rivers@Trust.example",
        emailVerified: false,
        password: "a-long-enough-password-42",
      });
    }
    const output = await operator(
      "create-identity",
      "--email",
      "jo.rivers@trust.example",
      "--schools",
      "ash-grove,beech-hill,cedar-park",
    );
    const result = JSON.parse(output) as {
      linked: { tenantId: string; consented: boolean }[];
      noAccount: string[];
    };
    expect(result.linked.map((l) => [l.tenantId, l.consented])).toEqual([
      ["ash-grove", false],
      ["beech-hill", false],
    ]);
    expect(result.noAccount).toEqual(["cedar-park"]);
    expect(await deps.identities.get("jo.rivers@trust.example")).toMatchObject({ createdBy: "operator" });
    // Each school still has to consent: no membership yet, and nothing at all where there was no account.
    const links = await deps.identities.links("jo.rivers@trust.example");
    expect(links.map((l) => l.tenantId).sort()).toEqual(["ash-grove", "beech-hill"]);
    expect(links.every((l) => !l.consentedAt)).toBe(true);
  }, 90_000);

  it("refuses a tenant id that is not a lower-case slug", async () => {
    await expect(operator("create-tenant", "--tenant", "Bad Id", "--name", "x")).rejects.toThrow(
      /Tenant ids/,
    );
  }, 30_000);
});
