import { ConflictError } from "../../domain/errors.js";
import type { Deps } from "../deps.js";

/** Only one regeneration runs per tenant, so two runs never race to give one user two passwords. */
export const regenerationLock = "password-regeneration";

/** Throws when a regeneration is running: an individual reset then waits, so a run cannot overwrite it. */
export async function assertNoRegenerationRunning(deps: Pick<Deps, "locks" | "clock">, tenantId: string) {
  if (await deps.locks.holder(tenantId, regenerationLock, deps.clock.now())) {
    throw new ConflictError(
      "A temporary password regeneration is running for this tenant; try again when it completes.",
    );
  }
}
