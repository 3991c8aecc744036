import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { endpoints } from "../../lib/endpoints/index.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { pageClient, signedInPageClient } from "./pages.js";

/**
 * The console as an attacker sees it, for every signed-in page the declarations list (`lib/endpoints/`), so a
 * screen added later is covered without a line here: no session → sign in; a forged or cross-site POST → 403 and
 * nothing changed; strict headers and no inline script or style on every page a site admin can reach by links; no
 * secret-looking value in any address.
 */
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let school: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  school = await createTestTenant(runtime);
  const pupil = (n: number) => ({
    externalId: `P${n}`,
    username: `pupil${n}`,
    forename: `Pupil${n}`,
    surname: "Crawl",
    userType: "pupil",
    dateOfBirth: `2021-02-0${n}`,
  });
  const imported = await api("POST", "/v1/roster", {
    apiKey: school.apiKey,
    json: {
      groups: [
        { externalId: "Y1", name: "Year 1", type: "year-group" },
        { externalId: "Y1-OAK", name: "Year 1 Oak", type: "class", yearGroup: "Year 1" },
      ],
      users: [1, 2, 3].map(pupil),
      memberships: [1, 2, 3].flatMap((n) => [
        { groupExternalId: "Y1", userExternalId: `P${n}` },
        { groupExternalId: "Y1-OAK", userExternalId: `P${n}` },
      ]),
    },
  });
  expect(imported.status).toBe(200);
});
afterAll(async () => runtime?.stop());

const signedInPages = endpoints.filter((e) => "page" in e && e.page && e.auth === "required");
const withIds = (path: string) => path.replace(/\{(\w+)\}/g, "00000000-0000-4000-8000-000000000000");
const secretInAddress = /[?&](password|pin|code|token|key|secret|csrf)=/i;

/** Every audit event of the school, for "nothing changed". */
async function auditCount() {
  const answer = await api<{ items: unknown[] }>("GET", "/v1/audit-events?limit=100", {
    apiKey: school.apiKey,
  });
  return answer.body.items.length;
}

describe("the console's signed-in pages without a session", () => {
  it("sends every one of them to sign in, GET or POST, and a POST does nothing", async () => {
    expect(signedInPages.length).toBeGreaterThan(5);
    const before = await auditCount();
    const anonymous = pageClient(runtime);
    for (const route of signedInPages) {
      const path = withIds(route.path);
      const answer =
        route.method === "GET" ? await anonymous.get(path) : await anonymous.post(path, { csrf: "forged" });
      expect(answer.status, `${route.method} ${route.path}`).toBe(303);
      expect(answer.location, `${route.method} ${route.path}`).toMatch(/^\/sign-in/);
    }
    expect(await auditCount()).toBe(before);
  });
});

describe("the console's forms", () => {
  it("refuses every POST without the form token, with another session's, or from another site, changing nothing", async () => {
    const admin = await signedInPageClient(runtime, school.tenantId, "admin");
    const other = await signedInPageClient(runtime, school.tenantId, "admin");
    const othersToken = (await other.get("/console")).csrf ?? "";
    const posts = signedInPages.filter((e) => e.method === "POST");
    expect(posts.length).toBeGreaterThan(0);
    const before = await auditCount();
    for (const route of posts) {
      const path = withIds(route.path);
      const name = `POST ${route.path}`;
      expect((await admin.post(path, {})).status, `${name} without a token`).toBe(403);
      expect((await admin.post(path, { csrf: othersToken })).status, `${name} with another's`).toBe(403);
      const ownToken = (await admin.get("/console")).csrf ?? "";
      const crossSite = await admin.post(path, { csrf: ownToken }, { "sec-fetch-site": "cross-site" });
      expect(crossSite.status, `${name} cross-site`).toBe(403);
      const otherOrigin = await admin.post(path, { csrf: ownToken }, { origin: "https://evil.example" });
      expect(otherOrigin.status, `${name} from another origin`).toBe(403);
    }
    expect(await auditCount()).toBe(before);
  });
});

describe("every page a site admin reaches by links", () => {
  it("has strict headers, no inline script or style, a token in every POST form, and no secret in an address", async () => {
    const admin = await signedInPageClient(runtime, school.tenantId, "admin");
    const seen = new Set<string>();
    const queue = ["/console"];
    while (queue.length > 0 && seen.size < 120) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const answer = await admin.get(path);
      expect(answer.status, path).toBe(200);
      // A done code the screen does not know (an inherited name) shows nothing from the address.
      const odd = await admin.get(`${path}${path.includes("?") ? "&" : "?"}done=constructor`);
      expect(odd.text, `${path}?done=constructor`).not.toContain("[native code]");
      const csp = answer.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toContain("unsafe-inline");
      expect(answer.headers.get("cache-control"), path).toBe("no-store");
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(answer.text, path).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);
      expect(answer.text, path).not.toMatch(/\sstyle="/);
      expect(answer.text, path).not.toMatch(/\son[a-z]+="/);
      for (const form of answer.text.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? []) {
        expect(form, path).toContain('name="csrf"');
      }
      for (const [, attribute, value = ""] of answer.text.matchAll(/(href|action)="([^"]*)"/g)) {
        const address = value.replaceAll("&amp;", "&");
        expect(address, `${path} links to ${address}`).not.toMatch(secretInAddress);
        const followed = attribute === "href" && /^\/(console|account|security-keys)(\/|$|\?)/.test(address);
        if (followed && !seen.has(address)) queue.push(address);
      }
    }
    // The crawl reached every section's screens, not just the home page.
    for (const section of [
      "password-tools",
      "early-years",
      "users",
      "preferences",
      "layouts",
      "audit",
      "api-keys",
    ]) {
      expect(
        [...seen].some((p) => p.startsWith(`/console/${section}`)),
        section,
      ).toBe(true);
    }
  });
});

describe("the session cookie", () => {
  it("is __Host-, HttpOnly, Secure and SameSite, and nothing else holds the session", async () => {
    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${school.tenantId}`);
    const answer = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: school.tenantId,
      username: "admin",
      password: "correct-horse-battery-staple-42",
    });
    expect(answer.location).toBe("/console");
    const session = answer.setCookies.find((c) => /^__Host-[\w-]*session=/.test(c));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(answer.location).not.toMatch(secretInAddress);
  });
});

describe("a stolen session when its owner changes their password", () => {
  it("dies with every other session of the account (a school account too, not only a Latchkey ID)", async () => {
    await addUser(runtime, school.tenantId, "changer", ["site-admin", "staff"], "changer@school.example");
    const stolen = await signedInPageClient(runtime, school.tenantId, "changer");
    const owner = await signedInPageClient(runtime, school.tenantId, "changer");
    const form = await owner.get("/account/password");
    const newPassword = "lantern-meadow-copper-71";
    const done = await owner.post("/account/password", {
      csrf: form.csrf ?? "",
      currentPassword: staffPassword,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/sign-in?tenant=${encodeURIComponent(school.tenantId)}`);
    for (const browser of [stolen, owner]) {
      const after = await browser.get("/console");
      expect(after.status).toBe(303);
      expect(after.location).toMatch(/^\/sign-in/);
    }
    await signedInPageClient(runtime, school.tenantId, "changer", newPassword);
  });
});
