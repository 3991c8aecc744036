import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { addUser, client, createTestTenant, eventually, sentEmails, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const evil = "evil.example";
/** Every header a proxy or an attacker could use to name another host. */
const forged = {
  host: evil,
  "x-forwarded-host": evil,
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
  forwarded: `host=${evil};proto=https`,
  "x-original-host": evil,
};

/** A request with a forged Host header (fetch would not send one), JSON in, status out. */
function forgedPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(runtime.apiUrl);
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path,
        method: "POST",
        headers: {
          ...forged,
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(json),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(json);
  });
}

const emailTo = (address: string) =>
  eventually(async () =>
    (await sentEmails(runtime)).find((e) => JSON.stringify(e.destination ?? e.to).includes(address)),
  );

/** Every http(s) link in an email, text and HTML. */
const linksOf = (email: { body: { text?: string; html?: string } }) =>
  [...`${email.body.text ?? ""} ${email.body.html ?? ""}`.matchAll(/https?:\/\/[^\s"'<>]+/g)].map(
    (m) => m[0],
  );

describe("a forged Host header", () => {
  it("changes no link in a reset email, a group reset email or a PIN-code email", async () => {
    const { tenantId, apiKey } = await createTestTenant(runtime);
    expect(
      (
        await api("PATCH", "/v1/tenant", {
          apiKey,
          json: { preferences: { allowPasswordResetByEmail: true } },
        })
      ).status,
    ).toBe(200);
    const self = `self.${tenantId}@host.example`;
    const member = `member.${tenantId}@host.example`;
    const owner = `owner.${tenantId}@host.example`;
    await addUser(runtime, tenantId, "self", ["staff"], self);
    const grouped = await addUser(runtime, tenantId, "member", ["staff"], member);
    const holder = await addUser(runtime, tenantId, "owner", ["staff"], owner);
    const { groupId } = await runtime
      .deps()
      .groups.upsertFromRoster(tenantId, { externalId: "G", name: "Staff", type: "custom" }, new Date());
    await runtime.deps().groups.link(tenantId, "member", groupId, grouped.userId);

    expect(await forgedPost("/v1/password-resets", { tenantId, login: "self" })).toBe(202);
    const auth = { "x-api-key": apiKey };
    expect(await forgedPost("/v1/password-reset-emails", { groupIds: [groupId] }, auth)).toBe(202);
    expect(await forgedPost(`/v1/users/${holder.userId}/pin-code`, {}, auth)).toBe(200);

    for (const address of [self, member, owner]) {
      const email = await emailTo(address);
      const links = linksOf(email);
      expect(links.length, address).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${runtime.apiUrl}/`), link).toBe(true);
      expect(JSON.stringify(email)).not.toContain(evil);
    }
  });
});
