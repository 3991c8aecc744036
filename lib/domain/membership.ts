/**
 * When a Latchkey ID reaches a user account (issue #12): a link is an **active membership** only when
 * 1. the school consented (an admin's action, `consentedAt`),
 * 2. the person proved the email for this school — by the account's own verified email (`verified`), or by setting
 *    the identity's password through its emailed link (`emailProvenAt`) when this is one of the schools the person
 *    asked for (`schools`, listed by the operator): a school that creates an account with a stranger's address and
 *    consents does not get their Latchkey ID — and
 * 3. the account is `active` now: a user who left the school or was disabled loses the membership at once.
 * Nobody reaches a school where they had no account: a link only ever points at an existing account with that email.
 */
export function isActiveMembership(
  link: { tenantId: string; consentedAt?: string; verified: boolean },
  identity: { emailProvenAt?: string; schools?: readonly string[] } | undefined,
  user: { status: string } | undefined,
): boolean {
  const askedFor = !!identity?.emailProvenAt && !!identity.schools?.includes(link.tenantId);
  return !!link.consentedAt && (link.verified || askedFor) && user?.status === "active";
}

/** Memberships in the order a person picks from: by school name, then id. */
export function bySchoolName<M extends { tenantId: string; tenantName?: string }>(a: M, b: M): number {
  const name = (m: M) => (m.tenantName ?? m.tenantId).toLocaleLowerCase("en-GB");
  return name(a).localeCompare(name(b), "en-GB") || a.tenantId.localeCompare(b.tenantId);
}
