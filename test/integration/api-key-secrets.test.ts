import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  finishedJob,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const pupil = (n: number) => ({
  externalId: `P${n}`,
  username: `pupil${n}`,
  forename: `Child${n}`,
  surname: `Surname${n}`,
  dateOfBirth: `2021-0${n}-1${n}`,
  userType: "student",
});

async function signIn(tenantId: string, username: string) {
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId, username, password: staffPassword },
  });
  expect(session.status).toBe(201);
  return session.body.token as string;
}

/** A school with early-years PIN login on (Reception), and staff who sign in: admin, head, nominated contact, staff. */
async function school() {
  const tenant = await createTestTenant(runtime);
  await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
  await addUser(runtime, tenant.tenantId, "nc", ["nominated-contact", "staff"]);
  await addUser(runtime, tenant.tenantId, "plain", ["staff"]);
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [{ externalId: "REC", name: "Reception", type: "year-group" }],
      users: [pupil(1), pupil(2)],
      memberships: [1, 2].map((n) => ({ groupExternalId: "REC", userExternalId: `P${n}` })),
    },
  });
  expect(imported.status).toBe(200);
  const tokens = {
    admin: await signIn(tenant.tenantId, "admin"),
    head: await signIn(tenant.tenantId, "head"),
    nc: await signIn(tenant.tenantId, "nc"),
    plain: await signIn(tenant.tenantId, "plain"),
  };
  const rec = (await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["REC"])).get("REC") as string;
  const configured = await api("PUT", "/v1/early-years", {
    token: tokens.admin,
    json: { yearGroupIds: [rec], defaultPin: { kind: "random", length: 6 }, minLength: 6 },
  });
  expect(configured.status).toBe(200);
  const accepted = await api("POST", "/v1/early-years/declaration", {
    token: tokens.head,
    json: { version: earlyYearsDeclaration.version, accept: true },
  });
  expect(accepted.status).toBe(202);
  await finished(tenant.apiKey, (accepted.body.job as { jobId: string }).jobId);
  return { ...tenant, tokens, rec };
}

const finished = (apiKey: string, jobId: string) => finishedJob(api, apiKey, jobId);

describe("secrets and API keys", () => {
  it("never shows an API key the PIN slips of a default-PIN job it started; the headteacher gets them once", async () => {
    const s = await school();
    // The MIS adds a newcomer to Reception: the import (an API key) starts a default-PIN job for them.
    const imported = await api("POST", "/v1/roster", {
      apiKey: s.apiKey,
      json: { users: [pupil(3)], memberships: [{ groupExternalId: "REC", userExternalId: "P3" }] },
    });
    expect(imported.status).toBe(200);
    const newcomer = (await runtime.deps().users.idsByExternalId(s.tenantId, ["P3"])).get("P3") as string;
    const pin = await eventually(async () => runtime.deps().pupilPins.get(s.tenantId, newcomer));
    const jobId = pin.generation as string;
    expect(await finished(s.apiKey, jobId)).toMatchObject({ status: "completed" });
    expect((await runtime.deps().jobs.get(s.tenantId, jobId))?.createdBy).toMatch(/^api-key:/);

    for (const format of ["json", "csv", "html"]) {
      const byKey = await api("GET", `/v1/jobs/${jobId}/report?format=${format}`, { apiKey: s.apiKey });
      expect(byKey.status).toBe(403);
      expect(byKey.text).not.toMatch(/\b\d{6}\b/);
    }
    // Neither the key nor a member of staff without the role may read them; nothing was used up.
    expect((await api("GET", `/v1/jobs/${jobId}/report`, { token: s.tokens.plain })).status).toBe(403);
    const slips = await api<{ rows: { username: string; pin?: string }[] }>(
      "GET",
      `/v1/jobs/${jobId}/report`,
      {
        token: s.tokens.head,
      },
    );
    expect(slips.status).toBe(200);
    expect(slips.body.rows).toEqual([
      expect.objectContaining({ username: "pupil3", pin: expect.any(String) }),
    ]);
    const signedIn = await api("POST", "/v1/pupil-sessions", {
      json: { tenantId: s.tenantId, username: "pupil3", pin: slips.body.rows[0]?.pin },
    });
    expect(signedIn.status).toBe(201);
  });

  it("never shows an API key the slips of a job it started through PUT /v1/early-years, but a nominated contact may", async () => {
    const s = await school();
    // The key saves the settings again: it starts the defaults job (pupils without a PIN get one).
    const saved = await api("PUT", "/v1/early-years", {
      apiKey: s.apiKey,
      json: { yearGroupIds: [s.rec], defaultPin: { kind: "random", length: 6 }, minLength: 6 },
    });
    expect(saved.status).toBe(200);
    const jobId = (saved.body.job as { jobId: string }).jobId;
    await finished(s.apiKey, jobId);
    expect((await api("GET", `/v1/jobs/${jobId}/report`, { apiKey: s.apiKey })).status).toBe(403);
    expect((await api("GET", `/v1/jobs/${jobId}/report`, { token: s.tokens.plain })).status).toBe(403);
    expect((await api("GET", `/v1/jobs/${jobId}/report`, { token: s.tokens.nc })).status).toBe(200);
  });

  it("refuses an API key every answer that carries a secret: show, reset, random PIN", async () => {
    const s = await school();
    const [p1] = [...(await runtime.deps().users.idsByExternalId(s.tenantId, ["P1"])).values()];
    const admin = s.admin.userId;
    const asKey = (method: string, path: string, json?: unknown) =>
      api(method, path, { apiKey: s.apiKey, ...(json ? { json } : {}) });
    // With a well-formed body (an admin's password, as a person would send it): refused for being a key.
    const confirm = { password: "anything at all" };
    expect((await asKey("POST", `/v1/users/${admin}/temporary-password/reveal`, confirm)).status).toBe(403);
    expect((await asKey("POST", `/v1/users/${p1}/temporary-password`, confirm)).status).toBe(403);
    expect((await asKey("POST", `/v1/pupils/${p1}/pin/random`, {})).status).toBe(403);
    expect((await asKey("POST", `/v1/classes/${s.rec}/pupil-pins/random`, {})).status).toBe(403);
  });
});
