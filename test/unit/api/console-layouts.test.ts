import { describe, expect, it } from "vitest";
import {
  type LayoutSummary,
  layoutEditor,
  layoutState,
  layoutsPage,
  mergeItems,
  partMessage,
  previewDocument,
} from "../../../lib/api/console/layouts.js";
import { pinCodePage } from "../../../lib/api/console/pin-codes.js";
import { defaultLayouts, layoutRules } from "../../../lib/domain/email-layout.js";

const pin = (overrides: Partial<LayoutSummary> = {}): LayoutSummary => ({
  ...defaultLayouts.PINCODE_EMAIL_BODY,
  source: "tenant",
  version: 1,
  updatedAt: "2026-11-29T10:00:00Z",
  description: layoutRules.PINCODE_EMAIL_BODY.description,
  requiredItems: layoutRules.PINCODE_EMAIL_BODY.required,
  optionalItems: layoutRules.PINCODE_EMAIL_BODY.optional,
  ...overrides,
});

describe("the email layouts screens", () => {
  it("tells not imported, default and customised layouts apart", () => {
    expect(layoutState(pin({ source: "default", version: 0 }))).toBe("not-imported");
    expect(layoutState(pin())).toBe("default");
    expect(layoutState(pin({ subject: "Our own subject" }))).toBe("customised");
  });

  it("lists the required, optional and common merge items", () => {
    const items = mergeItems(pin()).value;
    expect(items).toContain("<dt>Required</dt><dd><code>!PINCODE!</code>");
    expect(items).toContain("<dt>Optional</dt><dd><code>!SIGN_UP_LINK!</code>");
    expect(items).toContain("<code>!ENVIRONMENT_NAME!</code>");
    const notice = mergeItems({
      layoutId: "PASSWORD_CHANGED_NOTICE",
      requiredItems: [],
      optionalItems: [],
    }).value;
    expect(notice).not.toContain("Required");
  });

  it("offers the import only with an environment name, and says where to set it", () => {
    const base = { layouts: [pin()], canSetEnvironment: true, csrf: "t", timeZone: "Europe/London" };
    expect(layoutsPage({ ...base, environmentName: "Live" }).value).toContain(
      "Import default layouts</button>",
    );
    const missing = layoutsPage(base).value;
    expect(missing).not.toContain("Import default layouts</button>");
    expect(missing).toContain('href="/console/preferences#environmentName"');
    expect(layoutsPage({ ...base, canSetEnvironment: false }).value).toContain("Ask a site admin");
  });

  it("keeps typed text in the editor, escaped, with the reasons beside each field", () => {
    const editor = layoutEditor({
      layout: pin(),
      csrf: "t",
      timeZone: "Europe/London",
      fields: { subject: 'Hi "you"', html: "</textarea><script>x</script>", text: "t" },
      problems: { html: ["must contain the merge item !PINCODE!"] },
    }).value;
    expect(editor).toContain('value="Hi &quot;you&quot;"');
    expect(editor).toContain("&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>");
    expect(editor).toContain(
      '<ul class="field-error" id="html-error"><li>HTML body must contain the merge item !PINCODE!</li>',
    );
    expect(editor).toContain('aria-invalid="true" aria-describedby="html-error"');
    expect(editor).toContain("data-live-preview");
    // The refused draft is what the frame previews (sent by the script on load); the saved layout is not loaded too.
    expect(editor).toContain("data-preview-on-load");
    expect(editor).toMatch(/<iframe name="preview"[^>]*sandbox class="preview"><\/iframe>/);
    const saved = layoutEditor({ layout: pin(), csrf: "t", timeZone: "Europe/London" }).value;
    expect(saved).toContain('class="preview" src="/console/layouts/PINCODE_EMAIL_BODY/preview"');
    expect(saved).not.toContain("data-preview-on-load");
    expect(partMessage({ pointer: "/text", detail: "must not be empty" })).toBe(
      "Text body must not be empty",
    );
  });

  it("renders the preview with the subject and text escaped and the HTML body as the email shows it", () => {
    const doc = previewDocument({ subject: "<b>S</b>", html: "<p>Body</p>", text: "a < b" });
    expect(doc).toContain("&lt;b&gt;S&lt;/b&gt;");
    expect(doc).toContain('<div id="html-body"><p>Body</p></div>');
    expect(doc).toContain("<pre>a &lt; b</pre>");
  });
});

describe("the PIN code page", () => {
  const user = {
    userId: "u1",
    forename: "Jo",
    surname: "Smith",
    username: "j.smith",
    email: "jo@school.example",
    emailVerified: true,
    status: "active",
  };

  it("offers the user's own verified email, or a colleague's, and revoke only when a code is held", () => {
    const none = pinCodePage({ user, csrf: "t", timeZone: "Europe/London" }).value;
    expect(none).toContain("The user's own email, jo@school.example");
    expect(none).toContain("Assign and email</button>");
    expect(none).not.toContain("Revoke PIN code");
    const held = pinCodePage({
      user: { ...user, pinCode: { active: true, assignedAt: "2026-11-29T10:00:00Z", assignedBy: "user:x" } },
      assignedBy: "Alex Morgan",
      csrf: "t",
      timeZone: "Europe/London",
    }).value;
    expect(held).toContain("Assigned 29 Nov 2026, 10:00 GMT by Alex Morgan");
    expect(held).toContain("Regenerate and email</button>");
    expect(held).toContain("Revoke PIN code");
    const unverified = pinCodePage({
      user: { ...user, emailVerified: false },
      csrf: "t",
      timeZone: "UTC",
    }).value;
    expect(unverified).not.toContain("The user's own email");
    expect(unverified).toContain('value="other" checked');
    const disabled = pinCodePage({ user: { ...user, status: "disabled" }, csrf: "t", timeZone: "UTC" }).value;
    expect(disabled).not.toContain('<form method="post" action="/console/users/u1/pin-code"');
  });
});
