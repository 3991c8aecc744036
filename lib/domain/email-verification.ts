/**
 * Email verification (issue #7): an address is verified only by its owner following a link sent to it — never by a
 * roster, an API key or an admin. A link proves the address it was sent to, and only while that is still the
 * account's; it works for three days (parents read school email late), once.
 */
export const verifyLinkPolicy = {
  validHours: 72,
} as const;
