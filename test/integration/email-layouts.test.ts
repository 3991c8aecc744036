import { randomBytes } from "node:crypto";
import { GetEmailTemplateCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createApiKey, createTenant, createUserWithPassword } from "../../lib/app/operator/operator.js";
import { defaultLayouts, layoutIds } from "../../lib/domain/email-layout.js";
import { tenantTemplateName } from "../../lib/topology/email-templates.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  sentEmails,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // Oakfield's domain is verified for sending in this deployment (a tenant's sender must be on such a domain).
  runtime = await startTestRuntime({ senderDomains: ["latchkey.local", "oakfield.example"] });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const unique = () => randomBytes(4).toString("hex");
type Problem = { errors?: { pointer: string; detail: string }[]; detail?: string };

describe("email layouts", () => {
  it("imports the defaults only once the environment name is set", async () => {
    const tenantId = `school-${unique()}`;
    await createTenant(runtime.deps(), { tenantId, name: "Nameless School" });
    const { apiKey } = await createApiKey(runtime.deps(), { tenantId, name: "test" });
    const refused = await api<Problem>("POST", "/v1/email-layouts/import", { apiKey, json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain("environment name");
    expect((await api<{ items: unknown[] }>("GET", "/v1/email-layouts", { apiKey })).body.items).toHaveLength(
      layoutIds.length,
    );

    await api("PATCH", "/v1/tenant", { apiKey, json: { environmentName: "Nameless Learning" } });
    const imported = await api<{ imported: string[] }>("POST", "/v1/email-layouts/import", {
      apiKey,
      json: {},
    });
    expect(imported.status).toBe(200);
    expect([...imported.body.imported].sort()).toEqual([...layoutIds].sort());
    const layouts = await api<{ items: { source: string; version: number }[] }>("GET", "/v1/email-layouts", {
      apiKey,
    });
    expect(layouts.body.items.every((l) => l.source === "tenant" && l.version === 1)).toBe(true);
    // Importing again keeps what the tenant has.
    const again = await api<{ imported: string[]; kept: string[] }>("POST", "/v1/email-layouts/import", {
      apiKey,
      json: {},
    });
    expect(again.body).toMatchObject({ imported: [], kept: expect.arrayContaining(["PINCODE_EMAIL_BODY"]) });
  });

  it("refuses a layout without its required merge item, with unknown items, template syntax or a secret in the subject", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const base = defaultLayouts.PINCODE_EMAIL_BODY;
    const save = (patch: Record<string, string>) =>
      api<Problem>("PUT", "/v1/email-layouts/PINCODE_EMAIL_BODY", {
        apiKey,
        json: { subject: base.subject, html: base.html, text: base.text, ...patch },
      });
    const missing = await save({ html: "<p>Hello !FIRST_NAME!</p>" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toContainEqual({
      pointer: "/html",
      detail: "must contain the merge item !PINCODE!",
    });
    const unknown = await save({ text: `${base.text} !SHOE_SIZE!` });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.[0]?.detail).toContain("unknown merge item !SHOE_SIZE!");
    expect((await save({ html: `${base.html} {{PINCODE}}` })).status).toBe(422);
    expect((await save({ subject: "Your code is !PINCODE!" })).status).toBe(422);
    expect((await save({ html: "x".repeat(50_001) })).status).toBe(400);
    // Nothing was saved: the default still applies, and no template was published.
    const layout = await api<{ source: string }>("GET", "/v1/email-layouts/PINCODE_EMAIL_BODY", { apiKey });
    expect(layout.body.source).toBe("default");
    const ses = new SESv2Client({
      region: "eu-west-2",
      endpoint: runtime.emulators.ses,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const template = await ses
      .send(
        new GetEmailTemplateCommand({
          TemplateName: tenantTemplateName(runtime.templatePrefix, tenantId, "PINCODE_EMAIL_BODY"),
        }),
      )
      .then(
        () => "found",
        () => "missing",
      );
    expect(template).toBe("missing");
  });

  it("leaves the stored layout and its template unchanged when SES refuses the new one", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const base = defaultLayouts.PINCODE_EMAIL_BODY;
    const save = (html: string, expectedVersion: number) =>
      api<Problem & { version?: number }>("PUT", "/v1/email-layouts/PINCODE_EMAIL_BODY", {
        apiKey,
        json: { subject: base.subject, html, text: base.text, expectedVersion },
      });
    const first = await save(`${base.html}<p>Version one</p>`, 0);
    expect(first.status).toBe(200);
    // Passes our checks, but a brace before a merge item makes a Handlebars raw block SES cannot compile.
    const refused = await save(`${base.html}<p>{!FIRST_NAME!}</p>`, 1);
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: "/html" })]);
    const layout = await api<{ version: number; html: string }>(
      "GET",
      "/v1/email-layouts/PINCODE_EMAIL_BODY",
      {
        apiKey,
      },
    );
    expect(layout.body).toMatchObject({ version: 1, html: `${base.html}<p>Version one</p>` });
    const ses = new SESv2Client({
      region: "eu-west-2",
      endpoint: runtime.emulators.ses,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const template = await ses.send(
      new GetEmailTemplateCommand({
        TemplateName: tenantTemplateName(runtime.templatePrefix, tenantId, "PINCODE_EMAIL_BODY"),
      }),
    );
    expect(template.TemplateContent?.Html).toContain("Version one");
    // The editor's version still saves.
    expect((await save(`${base.html}<p>Version two</p>`, 1)).status).toBe(200);
  });

  it("publishes a saved layout as the tenant's SES template and sends with it, escaping values in HTML only", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const tag = unique();
    const to = `layout.${tag}@layouts.example`;
    await api("PATCH", "/v1/tenant", {
      apiKey,
      json: {
        senderAddress: `office.${tag}@oakfield.example`,
        preferences: { allowPasswordResetByEmail: true },
      },
    });
    await createUserWithPassword(runtime.deps(), {
      tenantId,
      username: `zoe.${tag}`,
      forename: `Zoë <b>& "Co"</b>`,
      surname: "Tester",
      userType: "staff",
      roles: ["staff"],
      email: to,
      emailVerified: true,
      password: staffPassword,
    });
    const saved = await api<{ version: number }>("PUT", "/v1/email-layouts/PASSWORD_EMAIL_CHANGE", {
      apiKey,
      json: {
        subject: "!SCHOOL_NAME!: a new password for !USERNAME!",
        html: '<p>Dear !FIRST_NAME!,</p><p><a href="!RESET_LINK!">Reset</a> within !LINK_EXPIRES_MINUTES! minutes.</p>',
        text: "Dear !FIRST_NAME!,\nReset: !RESET_LINK!\n",
        expectedVersion: 0,
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    // A colleague's stale editor cannot overwrite it.
    const stale = await api("PUT", "/v1/email-layouts/PASSWORD_EMAIL_CHANGE", {
      apiKey,
      json: { ...defaultLayouts.PASSWORD_EMAIL_CHANGE, layoutId: undefined, expectedVersion: 0 },
    });
    expect(stale.status).toBe(409);

    await api("POST", "/v1/password-resets", { json: { tenantId, login: `zoe.${tag}` } });
    const email = await eventually(async () =>
      (await sentEmails(runtime)).find((e) => (e.destination?.to ?? []).includes(to)),
    );
    expect(email.subject).toBe(`School ${tenantId}: a new password for zoe.${tag}`);
    expect((email as { from?: string }).from).toBe(`office.${tag}@oakfield.example`);
    expect(email.body.html).toContain("<p>Dear Zoë &lt;b&gt;&amp; &quot;Co&quot;&lt;/b&gt;,</p>");
    expect(email.body.text).toContain(`Dear Zoë <b>& "Co"</b>,`);
    expect(email.body.html).toMatch(
      /<a href="http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[\w.%-]+">Reset<\/a>/,
    );
    expect(email.body.html).toContain("within 60 minutes");
  });

  it("previews a draft or the current layout with sample values, and keeps layouts to the tenant's admins", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const preview = await api<{ subject: string; html: string; text: string }>(
      "POST",
      "/v1/email-layouts/PINCODE_EMAIL_BODY/preview",
      {
        apiKey,
        json: {
          draft: {
            subject: "Code for !FIRST_NAME! at !ENVIRONMENT_NAME!",
            html: "<p>!PINCODE!</p><p>!SCHOOL_NAME!</p>",
            text: "!PINCODE!",
          },
        },
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      subject: "Code for Alex at Test School",
      html: `<p>SAMPLE-PINCODE</p><p>School ${tenantId}</p>`,
      text: "SAMPLE-PINCODE",
    });
    const current = await api<{ subject: string }>("POST", "/v1/email-layouts/PASSWORD_EMAIL_NEW/preview", {
      apiKey,
      json: {},
    });
    expect(current.body.subject).toBe("Your new Test School account");
    const invalid = await api("POST", "/v1/email-layouts/PINCODE_EMAIL_BODY/preview", {
      apiKey,
      json: { draft: { subject: "x", html: "no code", text: "no code" } },
    });
    expect(invalid.status).toBe(422);

    const staff = await addUser(runtime, tenantId, `staff.${unique()}`, ["staff"]);
    const session = await api<{ token: string }>("POST", "/v1/sessions", {
      json: { tenantId, username: staff.username, password: staffPassword },
    });
    expect((await api("GET", "/v1/email-layouts", { token: session.body.token })).status).toBe(403);
    const other = await createTestTenant(runtime);
    await api("PUT", "/v1/email-layouts/PASSWORD_CHANGED_NOTICE", {
      apiKey,
      json: { subject: "Changed", html: "<p>changed</p>", text: "changed" },
    });
    const theirs = await api<{ source: string }>("GET", "/v1/email-layouts/PASSWORD_CHANGED_NOTICE", {
      apiKey: other.apiKey,
    });
    expect(theirs.body.source).toBe("default");
  });
});
