import { ValidationError } from "../../domain/errors.js";
import { identityOwner } from "../../domain/identity.js";
import type { Deps } from "../deps.js";
import { recordIdentityEvent } from "../identities/identity-events.js";

export type CreatedIdentity = {
  email: string;
  /** False when the identity existed already (running it again adds nothing twice). */
  created: boolean;
  /** Schools where an account with this email exists: linked, and whether the school consented yet. */
  linked: { tenantId: string; userId: string; consented: boolean }[];
  /** Schools where no account has this email: they get nothing. */
  noAccount: string[];
};

/**
 * The operator creates a Latchkey ID for an email and the schools the person asked for (`npm run operator --
 * create-identity`), as CPOMS's helpdesk does.
 * 1. The identity is created (once; running it again changes nothing).
 * 2. In each listed school, the account with that email is linked (the link exists with the account's email); it
 *    is a membership only once that school consents (`PUT /v1/users/{userId}/latchkey-id`) and the person proves
 *    the email by setting the password through the emailed link.
 * 3. A school with no account with that email is reported and gets nothing: nobody gains access to a school where
 *    they had no account.
 * 4. Audited on the identity's history and in each linked school.
 */
export async function createIdentity(
  deps: Pick<Deps, "identities" | "audit" | "clock">,
  input: { email: string; tenantIds: readonly string[] },
): Promise<CreatedIdentity> {
  const email = identityOwner(input.email.trim()).userId;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new ValidationError("Not an email address", [{ pointer: "/email", detail: "invalid email" }]);
  }
  const now = deps.clock.now();
  const created = await deps.identities.create({
    email,
    createdAt: now.toISOString(),
    createdBy: "operator",
    version: 1,
  });
  const links = await deps.identities.links(email);
  const wanted = [...new Set(input.tenantIds)];
  const linked = wanted.flatMap((tenantId) =>
    links
      .filter((l) => l.tenantId === tenantId)
      .map((l) => ({ tenantId, userId: l.userId, consented: !!l.consentedAt })),
  );
  const noAccount = wanted.filter((tenantId) => !linked.some((l) => l.tenantId === tenantId));
  // The schools the person asked for where they have an account: only there does proving the email by the
  // identity's own link count (`isActiveMembership`).
  await deps.identities.addSchools(email, [...new Set(linked.map((l) => l.tenantId))]);
  if (created || linked.length > 0) {
    await recordIdentityEvent(deps, {
      action: "latchkey-id.created",
      actor: "operator",
      email,
      at: now,
      accounts: linked,
      details: { noAccount },
    });
  }
  return { email, created, linked, noAccount };
}
