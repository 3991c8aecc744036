import { describe, expect, it } from "vitest";
import { createTenant } from "../../lib/app/operator/operator.js";
import { addUser, eventually, sentTo, staffPassword } from "../integration/harness.js";
import { browserSuite, checkpoint, signInToConsole } from "./browser.js";

const suite = browserSuite({ pollers: true });

const journey = "indysoft";

/**
 * `checkpoint` for the layout editor: the same screenshot and axe check, with the preview frame left out of axe (a
 * sandboxed document without script, which axe cannot be injected into; its content is asserted by the journey).
 */

describe("IndySoft: preferences, layouts and PIN codes in Chromium", () => {
  it("a site admin sets the login options and environment name, imports and edits a layout with a live preview, and emails a PIN code its holder signs a new user up with", async () => {
    const tenantId = `hill-${Date.now().toString(36)}`;
    await createTenant(suite.runtime.deps(), {
      tenantId,
      name: "Hill Primary",
      preferences: { twoFactorRoles: [] },
    });
    await addUser(suite.runtime, tenantId, "admin", ["site-admin", "staff"], `admin@${tenantId}.example`);
    const holder = await addUser(
      suite.runtime,
      tenantId,
      "j.smith",
      ["staff"],
      `j.smith@${tenantId}.example`,
    );
    const context = await suite.newContext();
    const page = await context.newPage();
    await signInToConsole(page, tenantId, "admin", staffPassword);

    // The layouts first: the import needs the environment name, and the page says so.
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Preferences" })
      .click();
    await page.getByRole("main").getByRole("link", { name: "Email layouts" }).click();
    await page.waitForURL(/\/console\/layouts$/);
    expect(await page.getByRole("status").textContent()).toContain("Set the school's environment name");
    await checkpoint(page, journey, "01-layouts-need-environment-name");

    await page.getByRole("link", { name: "Set it in School preferences" }).click();
    await page.waitForURL(/\/console\/preferences#environmentName$/);
    await page.getByLabel("All clients").check();
    await page.getByLabel("Allow password reset by email").check();
    await page.getByLabel("Environment name").fill("Hill Online");
    await page.getByLabel("Sender address").fill("office@elsewhere.example");
    await page.getByRole("button", { name: "Save preferences" }).click();
    // A sender outside the verified domains: the message on the form, what was typed kept.
    expect(await page.getByRole("alert").textContent()).toContain(
      "the sender must be an address on latchkey.local",
    );
    expect(await page.getByLabel("Environment name").inputValue()).toBe("Hill Online");
    await checkpoint(page, journey, "02-preferences-sender-refused");
    await page.getByLabel("Sender address").fill("office@latchkey.local");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.waitForURL(/\/console\/preferences\?done=saved$/);
    expect(await page.getByRole("status").textContent()).toContain("The preferences were saved.");
    expect(await page.locator("header .env").textContent()).toBe("Hill Online");
    await checkpoint(page, journey, "03-preferences-saved");

    // By keyboard: the layouts link in the console's home card, then the import button.
    await page.goto("/console");
    await page.getByRole("main").getByRole("link", { name: "Email layouts" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/console\/layouts$/);
    await page.getByLabel("Also reset the layouts").focus();
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").textContent()).toBe("Import default layouts");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/console\/layouts\?done=imported$/);
    expect(await page.getByRole("status").textContent()).toContain("The default layouts were imported");
    expect(await page.getByText("Not imported").count()).toBe(0);
    await checkpoint(page, journey, "04-layouts-imported");

    await page.getByRole("link", { name: "PINCODE_EMAIL_BODY" }).click();
    await page.waitForURL(/\/console\/layouts\/PINCODE_EMAIL_BODY$/);
    const preview = page.frameLocator('iframe[name="preview"]');
    await expect
      .poll(() => preview.locator("body").textContent({ timeout: 2000 }))
      .toContain("SAMPLE-PINCODE");
    expect(await page.locator("dl.merge-items").textContent()).toContain("!PINCODE!");
    await checkpoint(page, journey, "05-layout-editor");

    // The preview follows the typing.
    await page.getByLabel("Subject").fill("Your !ENVIRONMENT_NAME! sign-up code");
    await page
      .getByLabel("HTML body")
      .fill(
        '<p>Dear !FIRST_NAME!,</p><p>Welcome to Hill Online. Your code: <b>!PINCODE!</b></p><p><a href="!SIGN_UP_LINK!">Sign up users</a></p>',
      );
    await expect
      .poll(() => preview.locator("body").textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain("Welcome to Hill Online");
    expect(await preview.locator("#subject").textContent()).toBe("Your Hill Online sign-up code");
    // A text body without the required merge item: the preview says why, and the save is refused by field.
    await page.getByLabel("Text body").fill("Dear !FIRST_NAME!, welcome to Hill Online.");
    await expect
      .poll(() => preview.locator("body").textContent(), { timeout: 10_000 })
      .toContain("must contain the merge item !PINCODE!");
    await checkpoint(page, journey, "06-live-preview");
    await page.getByRole("button", { name: "Save layout" }).click();
    expect(await page.getByRole("alert").textContent()).toContain(
      "Text body must contain the merge item !PINCODE!",
    );
    expect(await page.getByLabel("Text body").inputValue()).toBe(
      "Dear !FIRST_NAME!, welcome to Hill Online.",
    );
    expect(await page.getByLabel("HTML body").inputValue()).toContain("Welcome to Hill Online");
    // The frame previews the refused draft (not the saved layout beside it).
    await expect
      .poll(() => preview.locator("body").textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain("Text body must contain the merge item !PINCODE!");
    await checkpoint(page, journey, "07-layout-refused");
    await page
      .getByLabel("Text body")
      .fill("Dear !FIRST_NAME!, welcome to Hill Online. Your code: !PINCODE!");
    await page.getByRole("button", { name: "Save layout" }).click();
    await page.waitForURL(/\?done=saved$/);
    expect(await page.getByRole("status").textContent()).toContain("The layout was saved.");
    expect(await page.locator("p .badge").first().textContent()).toBe("Customised");
    // The frame now shows the saved layout.
    await expect
      .poll(() => preview.locator("body").textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain("Welcome to Hill Online. Your code: SAMPLE-PINCODE");
    await checkpoint(page, journey, "08-layout-saved");

    // A PIN code for a member of staff, emailed to them; the password typed and sent by keyboard.
    await page.goto(`/console/users/${holder.userId}/pin-code`);
    expect(await page.getByText("No PIN code").count()).toBe(1);
    expect(await page.getByText("PIN-code sign-up is off").count()).toBe(0);
    await checkpoint(page, journey, "09-pin-code-none");
    await page.getByLabel(`The user's own email, j.smith@${tenantId}.example`).check();
    await page.getByLabel("Your password").focus();
    await page.keyboard.type(staffPassword);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/pin-code\?done=assigned$/);
    expect(await page.getByRole("status").textContent()).toContain(
      "A new PIN code was assigned and emailed.",
    );
    expect(await page.locator(".pin-state").first().textContent()).toContain("by admin Tester");
    await checkpoint(page, journey, "10-pin-code-assigned");
    const [email] = await eventually(async () => {
      const sent = await sentTo(suite.runtime, `j.smith@${tenantId}.example`);
      return sent.length > 0 ? sent : undefined;
    });
    expect(email?.subject).toBe("Your Hill Online sign-up code");
    expect(email?.body.html).toContain("Welcome to Hill Online. Your code: <b>");
    expect(email?.body.text).toMatch(/Your code: [A-Z0-9-]{8,}/);
    // The page says where the email went and that it was sent.
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator(".pin-state").nth(1).textContent();
      })
      .toContain("Sent");
    expect(await page.locator(".pin-state").nth(1).textContent()).toContain(
      `Last emailed to j.smith@${tenantId}.example`,
    );
    await checkpoint(page, journey, "11-pin-code-sent");

    // The end of the seed: the PIN-code user signs up a new user with the emailed code (web sign-up is allowed).
    const code = /Your code: ([A-Z0-9-]{8,})/.exec(email?.body.text ?? "")?.[1] ?? "";
    const holderPage = await context.newPage();
    await holderPage.goto(`/sign-up?tenant=${tenantId}`);
    await holderPage.getByLabel("PIN code").fill(code);
    await holderPage.getByLabel("New user's email").fill(`new.user@${tenantId}.example`);
    await holderPage.getByLabel("Username").fill("new.user");
    await holderPage.getByRole("button", { name: "Create the user" }).click();
    expect(await holderPage.locator(".ok").textContent()).toContain("The user new.user was created.");
    await checkpoint(holderPage, journey, "12-signed-up-with-pin-code");
    const welcome = await eventually(async () => {
      const sent = await sentTo(suite.runtime, `new.user@${tenantId}.example`);
      return sent.length > 0 ? sent : undefined;
    });
    expect(welcome[0]?.subject).toBe("Your new Hill Online account");
  });
});
