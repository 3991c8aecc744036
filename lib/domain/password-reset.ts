import { maxLinkEmailsPerHour } from "./link-token.js";

/**
 * Password reset links (CPOMS, IndySoft, SIMS): a link token (`link-token.ts`), valid for an hour; a newer link
 * replaces the older one; at most five reset emails per account per hour.
 */
export const resetLinkPolicy = {
  validMinutes: 60,
  maxEmailsPerHour: maxLinkEmailsPerHour,
} as const;
