/**
 * Who emails may come from: an address on a domain the deployment verified in SES (`SENDER_DOMAINS`). A tenant's
 * own sender address must be on one of them, so a tenant cannot send as someone else's domain.
 */

/** The domain of an address, lower-cased; "" when it has none. */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0
    ? ""
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** The deployment's sender domains: the configured list, or else the default sender's domain. */
export function senderDomains(configured: string | undefined, defaultSender: string): string[] {
  const listed = (configured ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d.length > 0);
  return listed.length > 0
    ? [...new Set(listed)]
    : [addressDomain(defaultSender)].filter((d) => d.length > 0);
}

/** Whether an address may be an email's sender: exactly one of the verified domains (not a subdomain of one). */
export function maySendFrom(address: string, domains: readonly string[]): boolean {
  const domain = addressDomain(address);
  return domain.length > 0 && /^[^\s@]+@[^\s@]+$/.test(address.trim()) && domains.includes(domain);
}
