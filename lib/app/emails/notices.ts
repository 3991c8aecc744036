import { emailDate, recipientValues } from "../../domain/email-layout.js";
import type { User } from "../../domain/model.js";
import { type QueueEmailDeps, queueEmail } from "./queue-email.js";

/**
 * Queues the "your password was changed" notice (`PASSWORD_CHANGED_NOTICE`, no secret in it) to `to`: after a change
 * by the user, a reset by email, or an admin's reset. The caller decides whether the user's address qualifies.
 */
export function queuePasswordChangedNotice(deps: QueueEmailDeps, user: User, to: string, changedAt: Date) {
  return queueEmail(deps, {
    tenantId: user.tenantId,
    layoutId: "PASSWORD_CHANGED_NOTICE",
    to,
    values: { ...recipientValues(user), CHANGED_AT: emailDate(changedAt) },
  });
}
