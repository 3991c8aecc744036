import type { Sealed } from "./secret-box.js";

/** Secrets only one job's consumers use (a regeneration's key), sealed at rest and deleted when the job ends. */
export interface JobSecrets {
  put(tenantId: string, jobId: string, sealed: Sealed): Promise<void>;
  get(tenantId: string, jobId: string): Promise<Sealed | undefined>;
  delete(tenantId: string, jobId: string): Promise<void>;
}
