import { NotFoundError } from "../../domain/errors.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { EmailStatus } from "../../ports/mailer.js";
import type { Deps } from "../deps.js";

/** The tenant's emails, newest first (of one status when asked): template, recipient and delivery status (queued, deferred, sent, failed). */
export async function listEmails(
  deps: Pick<Deps, "emailDeliveries">,
  principal: Principal,
  page: { limit: number; cursor?: string; status?: EmailStatus },
) {
  authorize(principal, "emails:read");
  return deps.emailDeliveries.list(principal.tenantId, page);
}

/** One email's delivery status, with SES's message id once sent. */
export async function getEmail(deps: Pick<Deps, "emailDeliveries">, principal: Principal, emailId: string) {
  authorize(principal, "emails:read");
  const delivery = await deps.emailDeliveries.get(principal.tenantId, emailId);
  if (!delivery) throw new NotFoundError("Email");
  return delivery;
}
