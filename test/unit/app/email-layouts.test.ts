import { describe, expect, it } from "vitest";
import { getLayout, saveLayout } from "../../../lib/app/emails/email-layouts.js";
import { defaultLayouts } from "../../../lib/domain/email-layout.js";
import { ConflictError, ValidationError } from "../../../lib/domain/errors.js";
import { aUser, uniqueId, userPrincipal } from "../../fakes/builders.js";
import { fakeDeps } from "../../fakes/index.js";

function tenant() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const admin = userPrincipal(tenantId, deps.users.seed(aUser({ tenantId, roles: ["site-admin"] })).userId, [
    "site-admin",
  ]);
  const base = defaultLayouts.PINCODE_EMAIL_BODY;
  const layout = (marker: string) => ({
    layoutId: "PINCODE_EMAIL_BODY" as const,
    subject: base.subject,
    html: `${base.html}<p>${marker}</p>`,
    text: base.text,
  });
  const published = () => deps.templatePublisher.published.get(`${tenantId}|PINCODE_EMAIL_BODY`)?.html;
  return { deps, tenantId, admin, layout, published };
}

describe("saveLayout", () => {
  it("stores nothing when SES refuses the template: the stored layout and the template stay as they were", async () => {
    const t = tenant();
    await saveLayout(t.deps, t.admin, { ...t.layout("one"), expectedVersion: 0 });
    t.deps.templatePublisher.fail = (l) =>
      l.html.includes("two")
        ? new ValidationError("The layout was refused as an email template.")
        : undefined;
    await expect(
      saveLayout(t.deps, t.admin, { ...t.layout("two"), expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await getLayout(t.deps, t.admin, "PINCODE_EMAIL_BODY")).toMatchObject({ version: 1 });
    expect(t.published()).toContain("one");
  });

  it("publishes the stored layout again when a colleague's save won between publishing and storing", async () => {
    const t = tenant();
    await saveLayout(t.deps, t.admin, { ...t.layout("one"), expectedVersion: 0 });
    const put = t.deps.layouts.put.bind(t.deps.layouts);
    t.deps.layouts.put = async (layout) => {
      t.deps.layouts.put = put;
      // The colleague's version 2 lands first.
      await put({ ...layout, html: `${defaultLayouts.PINCODE_EMAIL_BODY.html}<p>colleague</p>` });
      return put(layout);
    };
    await expect(
      saveLayout(t.deps, t.admin, { ...t.layout("mine"), expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(t.published()).toContain("colleague");
  });
});
