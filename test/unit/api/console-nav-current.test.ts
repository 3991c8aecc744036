import { describe, expect, it } from "vitest";
import { consoleNav } from "../../../lib/api/console/nav.js";
import { userPrincipal } from "../../fakes/builders.js";

describe("the console bar's current section", () => {
  const admin = userPrincipal("t1", "u1", ["site-admin", "staff"]) as Parameters<typeof consoleNav>[0];
  const current = (path: string) => consoleNav(admin, path).find((l) => l.current)?.label;

  it("is the section of a screen whose address is not under the section's own", () => {
    expect(current("/console")).toBe("Home");
    expect(current("/console/audit")).toBe("Audit and emails");
    expect(current("/console/emails")).toBe("Audit and emails");
    expect(current("/console/api-keys")).toBe("Audit and emails");
    expect(current("/console/layouts")).toBe("Preferences");
    expect(current("/console/users/u2/security")).toBe("Users");
    expect(current("/account/schools")).toBe("Your account");
  });
});
