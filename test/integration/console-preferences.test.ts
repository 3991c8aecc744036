import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { addUser, createTestTenant, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

const tenantOf = (tenantId: string) => runtime.deps().tenants.get(tenantId);

/** The preferences form as the page sends it, with some fields changed. */
function preferencesForm(csrf: string, changes: Record<string, string> = {}) {
  return {
    csrf,
    pinCodeLogin: "web_only",
    allowPasswordResetByEmail: "yes",
    environmentName: "Training",
    senderAddress: "office@latchkey.local",
    timeZone: "Europe/Paris",
    stepUpActions: "sign_in\ndelete_student\nexport_marks",
    "twoFactor-headteacher": "yes",
    "twoFactor-nominated-contact": "yes",
    ...changes,
  };
}

describe("console: school preferences", () => {
  it("lets a site admin save every preference and come back to a message", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const page = await admin.get("/console/preferences");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Must be an address on latchkey.local");
    expect(page.text).toContain("<option selected>Europe/London</option>");
    expect(page.text).toContain('name="twoFactor-nominated-contact"');
    const saved = await admin.post("/console/preferences", preferencesForm(page.csrf ?? ""));
    expect(saved.status).toBe(303);
    expect(saved.location).toBe("/console/preferences?done=saved");
    const stored = await tenantOf(tenant.tenantId);
    expect(stored).toMatchObject({
      environmentName: "Training",
      senderAddress: "office@latchkey.local",
      timeZone: "Europe/Paris",
      preferences: {
        pinCodeLogin: "web_only",
        allowPasswordResetByEmail: true,
        stepUpActions: ["sign_in", "delete_student", "export_marks"],
        twoFactorRoles: ["headteacher", "nominated-contact"],
      },
    });
    const after = await admin.get("/console/preferences?done=saved");
    expect(after.text).toContain("The preferences were saved.");
    expect(after.text).toContain('value="web_only" checked');
    expect(after.text).toContain("<option selected>Europe/Paris</option>");
    expect(after.text).toContain('<p class="env">Training</p>');
  });

  it("refuses a sender outside the verified domains on the form, keeping what was typed, and changes nothing", async () => {
    const tenant = await createTestTenant(runtime);
    const before = await tenantOf(tenant.tenantId);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const page = await admin.get("/console/preferences");
    const refused = await admin.post(
      "/console/preferences",
      preferencesForm(page.csrf ?? "", {
        senderAddress: "head@other-school.example",
        environmentName: "Kept",
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("the sender must be an address on latchkey.local");
    expect(refused.text).toContain('value="head@other-school.example"');
    expect(refused.text).toContain('value="Kept"');
    expect(refused.text).toContain('aria-invalid="true"');
    const badActions = await admin.post(
      "/console/preferences",
      preferencesForm(page.csrf ?? "", { stepUpActions: "delete_student\nBad Action!" }),
    );
    expect(badActions.status).toBe(422);
    expect(badActions.text).toContain("must include sign_in");
    expect(badActions.text).toContain("Bad Action!");
    expect(await tenantOf(tenant.tenantId)).toEqual(before);
  });

  it("does not save a form loaded before a colleague's save over theirs unseen (409, then a deliberate save)", async () => {
    const tenant = await createTestTenant(runtime);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const page = await admin.get("/console/preferences");
    const loadedAt = /name="loadedAt" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    expect(loadedAt).not.toBe("");
    // A colleague saves first (another session, same school).
    await addUser(runtime, tenant.tenantId, "admin2", ["site-admin", "staff"]);
    const colleague = await signedInPageClient(runtime, tenant.tenantId, "admin2");
    const theirs = await colleague.get("/console/preferences");
    const theirLoadedAt = /name="loadedAt" value="([^"]+)"/.exec(theirs.text)?.[1] ?? "";
    await new Promise((resolve) => setTimeout(resolve, 5));
    const saved = await colleague.post(
      "/console/preferences",
      preferencesForm(theirs.csrf ?? "", { environmentName: "Theirs", loadedAt: theirLoadedAt }),
    );
    expect(saved.status).toBe(303);
    const stale = await admin.post(
      "/console/preferences",
      preferencesForm(page.csrf ?? "", { environmentName: "Mine", loadedAt }),
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("A colleague saved the preferences while you were editing");
    expect(stale.text).toContain('value="Mine"');
    expect((await tenantOf(tenant.tenantId))?.environmentName).toBe("Theirs");
    const renewed = /name="loadedAt" value="([^"]+)"/.exec(stale.text)?.[1] ?? "";
    const again = await admin.post(
      "/console/preferences",
      preferencesForm(stale.csrf ?? "", { environmentName: "Mine", loadedAt: renewed }),
    );
    expect(again.status).toBe(303);
    expect((await tenantOf(tenant.tenantId))?.environmentName).toBe("Mine");
  });

  it("shows a headteacher the preferences read-only and refuses their forged save (403)", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
    const before = await tenantOf(tenant.tenantId);
    const head = await signedInPageClient(runtime, tenant.tenantId, "head");
    const page = await head.get("/console/preferences");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Only a site admin changes these preferences.");
    expect(page.text).not.toContain('action="/console/preferences"');
    const forged = await head.post("/console/preferences", preferencesForm(page.csrf ?? ""));
    expect(forged.status).toBe(403);
    expect(await tenantOf(tenant.tenantId)).toEqual(before);
    // A role without tenant:read (a pupil): no preferences at all.
    await addUser(runtime, tenant.tenantId, "pupil", ["pupil"]);
    const pupil = await signedInPageClient(runtime, tenant.tenantId, "pupil");
    expect((await pupil.get("/console/preferences")).status).toBe(403);
  });

  it("refuses a save without the form token or with a wrong one, and changes nothing", async () => {
    const tenant = await createTestTenant(runtime);
    const before = await tenantOf(tenant.tenantId);
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const { csrf: _csrf, ...withoutToken } = preferencesForm("");
    expect((await admin.post("/console/preferences", withoutToken)).status).toBe(403);
    expect((await admin.post("/console/preferences", preferencesForm("forged-token"))).status).toBe(403);
    const page = await admin.get("/console/preferences");
    const crossSite = await admin.post("/console/preferences", preferencesForm(page.csrf ?? ""), {
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    expect(await tenantOf(tenant.tenantId)).toEqual(before);
  });
});
