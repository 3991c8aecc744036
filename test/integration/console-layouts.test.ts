import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createTenant } from "../../lib/app/operator/operator.js";
import { addUser, createTestTenant, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

const stored = (tenantId: string) => runtime.deps().layouts.list(tenantId);
const pinLayout = "/console/layouts/PINCODE_EMAIL_BODY";

describe("console: email layouts", () => {
  it("lists the layouts as not imported, imports the defaults, and shows them as the school's own", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const list = await admin.get("/console/layouts");
    expect(list.status).toBe(200);
    expect(list.text).toContain('<a href="/console/layouts/PINCODE_EMAIL_BODY">PINCODE_EMAIL_BODY</a>');
    expect(list.text.match(/Not imported/g)?.length).toBeGreaterThanOrEqual(7);
    expect(list.text).toContain("Import default layouts</button>");
    const imported = await admin.post("/console/layouts/import", { csrf: list.csrf ?? "" });
    expect(imported.location).toBe("/console/layouts?done=imported");
    expect((await stored(tenant.tenantId)).length).toBe(7);
    const after = await admin.get("/console/layouts?done=imported");
    expect(after.text).toContain("The default layouts were imported");
    expect(after.text).not.toContain(">Not imported<");
    expect(after.text).toContain(">Default</span>");
    const again = await admin.post("/console/layouts/import", { csrf: list.csrf ?? "" });
    expect(again.location).toBe("/console/layouts?done=unchanged");
  });

  it("says the environment name is missing and refuses the import until it is set", async () => {
    const tenantId = `school-noenv-${Date.now()}`;
    await createTenant(runtime.deps(), {
      tenantId,
      name: "No Env School",
      preferences: { twoFactorRoles: [] },
    });
    await addUser(runtime, tenantId, "admin", ["site-admin", "staff"]);
    const admin = await signedInPageClient(runtime, tenantId, "admin");
    const list = await admin.get("/console/layouts");
    expect(list.text).toContain("Set the school's environment name before importing the default layouts");
    expect(list.text).toContain('href="/console/preferences#environmentName"');
    expect(list.text).not.toContain("Import default layouts</button>");
    const forced = await admin.post("/console/layouts/import", { csrf: list.csrf ?? "" });
    expect(forced.status).toBe(409);
    expect(forced.text).toContain("environment name");
    expect(await stored(tenantId)).toEqual([]);
  });

  it("edits a layout: merge items listed, a refused save shows the reasons by field with the text kept, a good save is published", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const editor = await admin.get(pinLayout);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain("<dt>Required</dt><dd><code>!PINCODE!</code>");
    expect(editor.text).toContain("<code>!SIGN_UP_LINK!</code>");
    expect(editor.text).toContain(
      'form method="post" action="/console/layouts/PINCODE_EMAIL_BODY" data-live-preview',
    );
    expect(editor.text).toContain(
      '<iframe name="preview" title="Preview of the email" sandbox class="preview"',
    );
    expect(editor.text).toContain(
      'formaction="/console/layouts/PINCODE_EMAIL_BODY/preview" formtarget="preview"',
    );
    const csrf = editor.csrf ?? "";
    const refused = await admin.post(pinLayout, {
      csrf,
      expectedVersion: "0",
      subject: "Your code !PINCODE!",
      html: "<p>Hello !FIRST_NAME!, no code here</p>",
      text: "Code: !PINCODE! !BOGUS!",
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("must not contain !PINCODE!: subjects are not private");
    expect(refused.text).toContain("must contain the merge item !PINCODE!");
    expect(refused.text).toContain("unknown merge item !BOGUS!");
    expect(refused.text).toContain("&lt;p&gt;Hello !FIRST_NAME!, no code here&lt;/p&gt;</textarea>");
    expect(refused.text).toContain('id="layout-subject" name="subject" value="Your code !PINCODE!"');
    expect(await stored(tenant.tenantId)).toEqual([]);
    const saved = await admin.post(pinLayout, {
      csrf,
      expectedVersion: "0",
      subject: "Your Hill PIN code",
      html: "<p>Dear !FIRST_NAME!, your code: <b>!PINCODE!</b></p>",
      text: "Dear !FIRST_NAME!, your code: !PINCODE!",
    });
    expect(saved.location).toBe(`${pinLayout}?done=saved`);
    const [layout] = await stored(tenant.tenantId);
    expect(layout).toMatchObject({
      layoutId: "PINCODE_EMAIL_BODY",
      subject: "Your Hill PIN code",
      version: 1,
    });
    const reopened = await admin.get(`${pinLayout}?done=saved`);
    expect(reopened.text).toContain("The layout was saved.");
    expect(reopened.text).toContain(">Customised</span>");
    // A save from the editor as it was before (version 0) would overwrite the colleague's: 409, text kept.
    const stale = await admin.post(pinLayout, {
      csrf,
      expectedVersion: "0",
      subject: "Stale",
      html: "<p>!PINCODE!</p>",
      text: "!PINCODE!",
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("Your text is kept below");
    expect(stale.text).toContain('value="Stale"');
    expect((await stored(tenant.tenantId))[0]?.subject).toBe("Your Hill PIN code");
  });

  it("saves a large layout (the editor's form may carry a whole branded email, not just 16 KB)", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const editor = await admin.get(pinLayout);
    const rows = Array.from(
      { length: 400 },
      (_, i) => `<tr><td style="padding:4px;color:#333">Row ${i} &amp; more</td></tr>`,
    );
    const html = `<table>${rows.join("")}</table><p>!PINCODE!</p>`;
    expect(html.length).toBeGreaterThan(24_000);
    const saved = await admin.post(pinLayout, {
      csrf: editor.csrf ?? "",
      expectedVersion: "0",
      subject: "Branded",
      html,
      text: "Code: !PINCODE!",
    });
    expect(saved.location).toBe(`${pinLayout}?done=saved`);
    expect((await stored(tenant.tenantId))[0]?.html).toBe(html);
  });

  it("previews a draft in a sandboxed document, the saved layout on first view, and the reasons for a bad draft", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const editor = await admin.get(pinLayout);
    const first = await admin.get(`${pinLayout}/preview`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-security-policy")).toContain("sandbox");
    expect(first.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(first.text).toContain("SAMPLE-PINCODE");
    const draft = await admin.post(`${pinLayout}/preview`, {
      csrf: editor.csrf ?? "",
      subject: "Hello from !SCHOOL_NAME!",
      html: "<p>Draft for !FIRST_NAME!: !PINCODE!</p>",
      text: "Draft !PINCODE!",
    });
    expect(draft.status).toBe(200);
    expect(draft.text).toContain("<p>Draft for Alex: SAMPLE-PINCODE</p>");
    expect(draft.text).toContain(`Hello from School ${tenant.tenantId}`);
    const bad = await admin.post(`${pinLayout}/preview`, {
      csrf: editor.csrf ?? "",
      subject: "x",
      html: "<p>no code</p>",
      text: "no code",
    });
    expect(bad.text).toContain("This draft cannot be previewed yet");
    expect(bad.text).toContain("HTML body must contain the merge item !PINCODE!");
    expect(await stored(tenant.tenantId)).toEqual([]);
  });

  it("refuses a role without emails:layouts (403), a POST without or with a wrong token (403), and an unknown layout", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
    const head = await signedInPageClient(runtime, tenant.tenantId, "head");
    expect((await head.get("/console/layouts")).status).toBe(403);
    expect((await head.get(pinLayout)).status).toBe(403);
    const headPage = await head.get("/console");
    const body = { subject: "Hi", html: "<p>!PINCODE!</p>", text: "!PINCODE!" };
    expect((await head.post(pinLayout, { csrf: headPage.csrf ?? "", ...body })).status).toBe(403);
    expect((await head.post("/console/layouts/import", { csrf: headPage.csrf ?? "" })).status).toBe(403);
    expect((await head.post(`${pinLayout}/preview`, { csrf: headPage.csrf ?? "", ...body })).status).toBe(
      403,
    );
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    expect((await admin.post(pinLayout, body)).status).toBe(403);
    expect((await admin.post(pinLayout, { csrf: "wrong", ...body })).status).toBe(403);
    expect((await admin.post("/console/layouts/import", { csrf: "wrong" })).status).toBe(403);
    expect((await admin.get("/console/layouts/NOT_A_LAYOUT")).status).toBe(400);
    expect(await stored(tenant.tenantId)).toEqual([]);
  });
});
