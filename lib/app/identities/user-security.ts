import { NotFoundError } from "../../domain/errors.js";
import { isActiveMembership } from "../../domain/membership.js";
import type { User } from "../../domain/model.js";
import { normaliseEmail } from "../../domain/model.js";
import { authorize, can, mayActOnCredentialsOf, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** What an admin sees of a user's sign-in security: never a secret, a code or a device's key. */
export type UserSecurity = {
  user: Pick<User, "userId" | "username" | "forename" | "surname" | "email" | "emailVerified" | "status">;
  latchkeyId: {
    /** The account has an email: a Latchkey ID is reached by it. */
    possible: boolean;
    consentedAt?: string;
    consentedBy?: string;
    /** The person can sign in here with their Latchkey ID now. */
    active: boolean;
  };
  /** The account's own authenticator apps (a Latchkey ID's are the person's to manage). */
  devices: { name: string; activatedAt?: string }[];
  recoveryCodesLeft: number;
  /** What the caller may do here (the use cases still authorize). */
  may: { consent: boolean; reset: boolean };
};

/**
 * A user's sign-in security for the console (`/console/users/{userId}/security`): whether the school allows their
 * Latchkey ID and whether it works now, and their authenticator apps by name. `users:read`; a user of another
 * school (or who left) is not found.
 */
export async function getUserSecurity(
  deps: Pick<Deps, "users" | "identities" | "authenticators">,
  principal: Principal,
  userId: string,
): Promise<UserSecurity> {
  authorize(principal, "users:read");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user || user.status === "left") throw new NotFoundError("User");
  const owner = { tenantId: user.tenantId, userId: user.userId };
  const email = user.email ? normaliseEmail(user.email) : undefined;
  const [identity, links, devices, recoveryCodesLeft] = await Promise.all([
    email ? deps.identities.get(email) : undefined,
    email ? deps.identities.links(email) : [],
    deps.authenticators.list(owner),
    deps.authenticators.recoveryCodesLeft(owner),
  ]);
  const link = links.find((l) => l.tenantId === user.tenantId && l.userId === user.userId);
  const onCredentials = mayActOnCredentialsOf(principal, user);
  return {
    user: {
      userId: user.userId,
      username: user.username,
      forename: user.forename,
      surname: user.surname,
      email: user.email,
      emailVerified: user.emailVerified,
      status: user.status,
    },
    latchkeyId: {
      possible: Boolean(email),
      ...(link?.consentedAt && { consentedAt: link.consentedAt, consentedBy: link.consentedBy }),
      active: Boolean(link && isActiveMembership(link, identity, user)),
    },
    devices: devices
      .filter((d) => d.status === "active")
      .map((d) => ({ name: d.name ?? "", ...(d.activatedAt && { activatedAt: d.activatedAt }) })),
    recoveryCodesLeft,
    may: {
      consent: can(principal, "identities:consent") && principal.kind === "user" && onCredentials,
      reset: can(principal, "authenticators:reset") && principal.kind === "user" && onCredentials,
    },
  };
}
