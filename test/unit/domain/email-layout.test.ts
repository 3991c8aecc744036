import { describe, expect, it } from "vitest";
import {
  assertValidLayout,
  defaultLayouts,
  escapeHtml,
  layoutIds,
  mergeItemsIn,
  renderLayout,
  sesTemplateContent,
  sesTemplateData,
} from "../../../lib/domain/email-layout.js";
import { ValidationError } from "../../../lib/domain/errors.js";

const problems = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  return [];
};

describe("email layouts", () => {
  it("accepts every default layout", () => {
    for (const id of layoutIds)
      expect(
        problems(() => assertValidLayout(defaultLayouts[id])),
        id,
      ).toEqual([]);
  });

  it("requires PINCODE_EMAIL_BODY's !PINCODE! in both bodies", () => {
    const layout = { ...defaultLayouts.PINCODE_EMAIL_BODY, text: "Hello !FIRST_NAME!" };
    expect(problems(() => assertValidLayout(layout))).toEqual([
      { pointer: "/text", detail: "must contain the merge item !PINCODE!" },
    ]);
  });

  it("refuses items another layout owns, handlebars, a multi-line subject and a secret in the subject", () => {
    const errors = problems(() =>
      assertValidLayout({
        layoutId: "PASSWORD_CHANGED_NOTICE",
        subject: "Changed\nnow",
        html: "<p>!RESET_LINK!</p>",
        text: "{{USERNAME}}",
      }),
    );
    expect(errors.map((e) => e.pointer)).toEqual(["/html", "/text", "/subject"]);
    expect(errors[0]?.detail).toContain("unknown merge item !RESET_LINK!");
    const secret = problems(() =>
      assertValidLayout({ ...defaultLayouts.PASSWORD_EMAIL_NEW, subject: "!TEMP_PASSWORD!" }),
    );
    expect(secret).toEqual([
      { pointer: "/subject", detail: "must not contain !TEMP_PASSWORD!: subjects are not private" },
    ]);
  });

  it("bounds sizes and refuses empty parts", () => {
    const errors = problems(() =>
      assertValidLayout({ ...defaultLayouts.SSO_PIN_RESET_NOTICE, subject: " ", text: "x".repeat(20_001) }),
    );
    expect(errors).toEqual([
      { pointer: "/subject", detail: "must not be empty" },
      { pointer: "/text", detail: "must be at most 20000 characters" },
    ]);
  });

  it("escapes values in HTML only, and lists merge items in order", () => {
    const layout = {
      layoutId: "PASSWORD_CHANGED_NOTICE" as const,
      subject: "Hi !FIRST_NAME!",
      html: "<b>!FIRST_NAME!</b>",
      text: "!FIRST_NAME! !USERNAME!",
    };
    expect(renderLayout(layout, { FIRST_NAME: `<i>"A&B"</i>`, USERNAME: "ab" })).toEqual({
      subject: `Hi <i>"A&B"</i>`,
      html: "<b>&lt;i&gt;&quot;A&amp;B&quot;&lt;/i&gt;</b>",
      text: `<i>"A&B"</i> ab`,
    });
    expect(mergeItemsIn(layout.text)).toEqual(["FIRST_NAME", "USERNAME"]);
    expect(escapeHtml("'")).toBe("&#39;");
  });

  it("turns a layout into an SES template whose data escapes HTML values itself", () => {
    const content = sesTemplateContent({
      layoutId: "PASSWORD_CHANGED_NOTICE",
      subject: "!USERNAME!",
      html: "<p>!USERNAME!</p>",
      text: "!USERNAME!",
    });
    expect(content).toEqual({
      Subject: "{{{text.USERNAME}}}",
      Html: "<p>{{{html.USERNAME}}}</p>",
      Text: "{{{text.USERNAME}}}",
    });
    expect(JSON.parse(sesTemplateData({ USERNAME: "a<b" }))).toEqual({
      text: { USERNAME: "a<b" },
      html: { USERNAME: "a&lt;b" },
    });
  });
});
