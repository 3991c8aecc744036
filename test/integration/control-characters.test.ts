import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { defaultLayouts } from "../../lib/domain/email-layout.js";
import { client, createTestTenant, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type Problem = { errors?: { pointer: string; detail: string }[] };

describe("line breaks and control characters", () => {
  it("are refused in roster names, the tenant's names and layout subjects, and change nothing", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const imported = await api<{ failed: number; errors: { line: number; reason: string }[] }>(
      "POST",
      "/v1/roster",
      {
        apiKey,
        json: {
          groups: [{ externalId: "G1", name: "Robins\r\nWrens", type: "class" }],
          users: [
            { externalId: "U1", username: "amy.s", forename: "Amy", surname: "Smith", userType: "staff" },
            {
              externalId: "U2",
              username: "bob.s",
              forename: "Bob\r\nBcc: all@evil.example",
              surname: "Smith",
              userType: "staff",
            },
            {
              externalId: "U3",
              username: "cat.s",
              forename: "Cat",
              surname: "\u202Egnp.exe",
              userType: "staff",
            },
          ],
        },
      },
    );
    expect(imported.status).toBe(200);
    expect(imported.body.failed).toBe(3);
    const ids = await runtime.deps().users.idsByExternalId(tenantId, ["U1", "U2", "U3"]);
    expect([...ids.keys()]).toEqual(["U1"]);
    expect((await runtime.deps().groups.idsByExternalId(tenantId, ["G1"])).size).toBe(0);

    const before = (await api("GET", "/v1/tenant", { apiKey })).body;
    for (const json of [{ name: "School\nHacked" }, { environmentName: "Live\u0000" }]) {
      const refused = await api<Problem>("PATCH", "/v1/tenant", { apiKey, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await api("GET", "/v1/tenant", { apiKey })).body).toEqual(before);

    const base = defaultLayouts.PINCODE_EMAIL_BODY;
    const layout = await api<Problem>("PUT", "/v1/email-layouts/PINCODE_EMAIL_BODY", {
      apiKey,
      json: { subject: "Your code\u0085Bcc: all@evil.example", html: base.html, text: base.text },
    });
    expect(layout.status).toBe(422);
    expect(layout.body.errors).toEqual([expect.objectContaining({ pointer: "/subject" })]);
    const stored = await api<{ source: string }>("GET", "/v1/email-layouts/PINCODE_EMAIL_BODY", { apiKey });
    expect(stored.body.source).toBe("default");
  });
});
