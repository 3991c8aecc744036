import { describe, expect, it } from "vitest";
import { introspectStepUp, setupSsoPin, verifySsoPin } from "../../../../lib/app/sso-pins/sso-pins.js";
import { apiKeyPrincipal, aUser, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

const pin = "583920";

/** A tenant with one SSO account whose PIN is set, and a fresh step-up token for `delete_student`. */
async function stepUp() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(
    aUser({
      tenantId,
      username: "j.sso",
      email: "jo@school.example",
      emailVerified: true,
      profiles: ["sso"],
    }),
  );
  const principal = apiKeyPrincipal(tenantId);
  await setupSsoPin(deps, principal, { username: "j.sso", pin, confirmPin: pin });
  const ok = await verifySsoPin(deps, principal, { username: "j.sso", pin, action: "delete_student" });
  const token = ok.outcome === "ok" ? ok.stepUpToken : "";
  const introspect = (action = "delete_student", who = principal) =>
    introspectStepUp(deps, who, { token, action });
  return { deps, tenantId, user, introspect };
}

describe("introspectStepUp: a step-up token is used once", () => {
  it("answers active the first time and inactive every time after", async () => {
    const s = await stepUp();
    expect(await s.introspect()).toEqual({ active: true, userId: s.user.userId, action: "delete_student" });
    expect(await s.introspect()).toEqual({ active: false });
    expect(await s.introspect()).toEqual({ active: false });
  });

  it("answers exactly one of ten simultaneous introspections active", async () => {
    const s = await stepUp();
    const answers = await Promise.all(Array.from({ length: 10 }, () => s.introspect()));
    expect(answers.filter((a) => a.active)).toHaveLength(1);
  });

  it("does not use the token up when shown for another action or by another tenant", async () => {
    const s = await stepUp();
    expect(await s.introspect("sign_in")).toEqual({ active: false });
    expect(await s.introspect("delete_student", apiKeyPrincipal(uniqueId("tenant")))).toEqual({
      active: false,
    });
    expect((await s.introspect()).active).toBe(true);
  });

  it("does not use up an expired token's id nor answer it active", async () => {
    const s = await stepUp();
    s.deps.clock.advance(5 * 60_000 + 1);
    expect(await s.introspect()).toEqual({ active: false });
  });
});
