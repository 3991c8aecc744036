import type { Sealed } from "./secrets.js";

/** Temporary passwords live 28 days (SIMS ID: "a short life span to prevent unauthorised access"). */
export const temporaryPasswordTtlSeconds = 28 * 24 * 3600;

/**
 * A generated password an admin hands out, sealed (AES-256-GCM) so it can be shown while unclaimed. `generation`
 * names the run that made it (a regeneration job or an individual reset): a newer one replaces the item, which
 * voids the older password and the older report's row.
 */
export type TemporaryCredential = {
  tenantId: string;
  userId: string;
  generation: string;
  /** The regeneration job, when a job made it. */
  jobId?: string;
  sealed: Sealed;
  generatedAt: string;
  generatedBy: string;
  /** Epoch seconds (the table's TTL attribute). */
  expiresAt: number;
};

/** What an admin may see about a user's temporary password without revealing it. */
export type TemporaryPasswordStatus = "none" | "active" | "expired";

/** DynamoDB deletes expired items up to 48 h late (DynamoDB Local never does): every read checks the time. */
export function isExpired(credential: Pick<TemporaryCredential, "expiresAt">, now: Date): boolean {
  return credential.expiresAt <= now.getTime() / 1000;
}

export function temporaryStatus(
  credential: TemporaryCredential | undefined,
  now: Date,
): TemporaryPasswordStatus {
  if (!credential) return "none";
  return isExpired(credential, now) ? "expired" : "active";
}

export function expiryFor(now: Date): number {
  return Math.floor(now.getTime() / 1000) + temporaryPasswordTtlSeconds;
}

/** Binds a sealed password to its tenant, user and generation: it cannot be replayed onto another record. */
export function temporaryPasswordAad(tenantId: string, userId: string, generation: string): string {
  return `temporary-password/${tenantId}/${userId}/${generation}`;
}

/**
 * The day of birth only (SIMS ID prints it "to help distinguish between users with the same name"; the full date
 * is never printed, to safeguard the data should the report be mislaid).
 */
export function dayOfBirth(dateOfBirth: string | undefined): string | undefined {
  const match = dateOfBirth && /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Only a real calendar date (no 31 February, no day 0).
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? String(day) : undefined;
}
