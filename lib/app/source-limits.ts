import { createHash } from "node:crypto";
import { TooManyAttemptsError } from "../domain/errors.js";
import { signUpSourcePolicy, sourceWindowStart } from "../domain/pin-code.js";
import { retryAfterSeconds, type SourceLimits } from "../domain/rate-limits.js";
import type { Deps } from "./deps.js";

/**
 * Counts one attempt of a public route for the caller's source and for the whole tenant, in the current window.
 * 1. The source's window full: `TooManyAttemptsError` (429 with Retry-After), nothing counted.
 * 2. The tenant's window full: 429 too — unless the limits spare clean sources, when the source is let through if
 *    nothing was counted for it before in the window, so a flood from elsewhere never locks out a client that has
 *    not failed (`rate-limits.ts`).
 * Returns how to give the attempt back (a sign-in that succeeded counts nothing).
 */
export async function reserveSourceAttempt(
  deps: Pick<Deps, "sourceAttempts">,
  tenantId: string,
  sourceIp: string,
  limits: SourceLimits,
  now: Date,
): Promise<() => Promise<void>> {
  const source = `${limits.label}:${createHash("sha256").update(sourceIp).digest("hex").slice(0, 32)}`;
  const tenant = `${limits.label}:all-sources`;
  const { sourceAttempts } = deps;
  if (!(await sourceAttempts.reserve(tenantId, source, now, limits.perSource))) throw tooMany(now);
  if (!(await sourceAttempts.reserve(tenantId, tenant, now, limits.perTenant))) {
    if (!limits.spareCleanSources) {
      await sourceAttempts.release(tenantId, source, now);
      throw tooMany(now);
    }
    // The tenant is over its limit: is this source clean? Give back its attempt and take it again with room
    // for one — that succeeds only when nothing else was counted for it in this window.
    await sourceAttempts.release(tenantId, source, now);
    if (!(await sourceAttempts.reserve(tenantId, source, now, 1))) throw tooMany(now);
    return () => sourceAttempts.release(tenantId, source, now);
  }
  return async () => {
    await Promise.all([
      sourceAttempts.release(tenantId, source, now),
      sourceAttempts.release(tenantId, tenant, now),
    ]);
  };
}

function tooMany(now: Date) {
  return new TooManyAttemptsError(
    "Too many attempts from this address or for this school; try again later.",
    retryAfterSeconds(now, sourceWindowStart(now), signUpSourcePolicy.windowSeconds),
  );
}
