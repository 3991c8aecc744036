import { randomBytes } from "node:crypto";
import { cachePerPort } from "../cache.js";
import type { Deps } from "../deps.js";

/**
 * Per-job secret keys: a bulk job that hands out secrets (temporary passwords, pupil PINs) derives each user's
 * secret from a 256-bit job key and the user id, so a redelivered work message re-creates the same secret instead
 * of a second, different one. The key is sealed at rest (KMS data key) and deleted when no longer needed.
 */
export const jobKeyAad = (tenantId: string, jobId: string) => `job-key/${tenantId}/${jobId}`;

/** Creates and stores a fresh job key, sealed. */
export async function createJobKey(
  deps: Pick<Deps, "jobSecrets" | "secretBox">,
  tenantId: string,
  jobId: string,
): Promise<void> {
  const key = randomBytes(32).toString("base64");
  await deps.jobSecrets.put(tenantId, jobId, await deps.secretBox.seal(key, jobKeyAad(tenantId, jobId)));
}

/**
 * Job keys opened in this execution environment (one KMS call per job, not per chunk), per job-secrets port: kept
 * until forgotten or pushed out by newer jobs' keys.
 */
const openedKeys = cachePerPort<Buffer>({ maxEntries: 20 });

/** The job's key; throws once it has been forgotten (the job's secrets can no longer be derived). */
export async function jobKey(
  deps: Pick<Deps, "jobSecrets" | "secretBox" | "clock">,
  tenantId: string,
  jobId: string,
): Promise<Buffer> {
  return openedKeys(deps.jobSecrets).get(deps.clock, `${tenantId}/${jobId}`, async () => {
    const sealed = await deps.jobSecrets.get(tenantId, jobId);
    if (!sealed) throw new Error(`Job ${jobId} has no key (finished or expired)`);
    return Buffer.from(await deps.secretBox.open(sealed, jobKeyAad(tenantId, jobId)), "base64");
  });
}

/** Deletes the job's key: nothing can be derived from it again. */
export async function forgetJobKey(deps: Pick<Deps, "jobSecrets">, tenantId: string, jobId: string) {
  await deps.jobSecrets.delete(tenantId, jobId);
  openedKeys(deps.jobSecrets).delete(`${tenantId}/${jobId}`);
}
