import { expect } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createIdentity } from "../../lib/app/operator/create-identity.js";
import { identityOwner } from "../../lib/domain/identity.js";
import { client, createTestTenant, staffPassword } from "./harness.js";

/** People with a Latchkey ID and accounts in several schools, for the Latchkey ID tests on one runtime. */
export function latchkeyIdFixtures(runtime: LocalRuntime) {
  const api = client(runtime);
  const idPassword = "one-password-for-every-school-7";

  /** Schools where Jo has an account (by roster, with her email); each school's admin signed in. */
  async function schoolsOf(
    email: string,
    count: number,
  ): Promise<(Awaited<ReturnType<typeof createTestTenant>> & { joId: string; adminToken: string })[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const school = await createTestTenant(runtime);
        const roster = await api<{ results: { userId: string }[] }>("POST", "/v1/roster", {
          apiKey: school.apiKey,
          json: {
            users: [
              {
                externalId: "JO",
                username: "jo.rivers",
                forename: "Jo",
                surname: "Rivers",
                email,
                userType: "staff",
                roles: ["class-teacher", "staff"],
              },
            ],
          },
        });
        expect(roster.status).toBe(200);
        const ids = await runtime.deps().users.idsByExternalId(school.tenantId, ["JO"]);
        const signIn = await api<{ token: string }>("POST", "/v1/sessions", {
          json: { tenantId: school.tenantId, username: "admin", password: staffPassword },
        });
        return { ...school, joId: ids.get("JO") as string, adminToken: signIn.body.token };
      }),
    );
  }

  /** The person set the identity's password (as the emailed link does): the password, and the email proven. */
  async function setIdentityPassword(email: string) {
    const deps = runtime.deps();
    const owner = identityOwner(email);
    await deps.credentials.setPassword(
      owner.tenantId,
      owner.userId,
      await deps.hasher.hash(idPassword),
      new Date(),
    );
    await deps.identities.markEmailProven(email, new Date());
  }

  const consent = (s: { joId: string; adminToken: string }) =>
    api("PUT", `/v1/users/${s.joId}/latchkey-id`, { token: s.adminToken });

  async function linkedPerson(email: string, count: number) {
    const schools = await schoolsOf(email, count);
    await createIdentity(runtime.deps(), { email, tenantIds: schools.map((s) => s.tenantId) });
    for (const s of schools) expect((await consent(s)).status).toBe(200);
    await setIdentityPassword(email);
    return schools;
  }

  const signIn = (email: string, tenantId?: string, password = idPassword) =>
    api<{ token: string; memberships: { tenantId: string; current: boolean }[] }>(
      "POST",
      "/v1/identity-sessions",
      { json: { email, password, ...(tenantId && { tenantId }) } },
    );

  return { api, idPassword, schoolsOf, setIdentityPassword, consent, linkedPerson, signIn };
}

export type School = Awaited<ReturnType<ReturnType<typeof latchkeyIdFixtures>["schoolsOf"]>>[number];
