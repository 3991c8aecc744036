import type { z } from "zod";
import type { Job } from "../domain/job.js";
import * as s from "./schemas.js";

/** A job as the API shows it: the schema's fields only (no internal chunk bookkeeping). */
export function jobView(job: Job): z.output<typeof s.job> {
  return s.job.parse(job);
}

/** A new session as every sign-in answers it (201). */
export function sessionView<U>(session: { token: string; expiresAt: Date; user: U }) {
  return {
    token: session.token,
    tokenType: "Bearer" as const,
    expiresAt: session.expiresAt.toISOString(),
    user: session.user,
  };
}
