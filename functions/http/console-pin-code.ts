import type { LastPinCodeEmail } from "../../lib/api/console/pin-codes.js";
import { pinCodePage } from "../../lib/api/console/pin-codes.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { getEmail } from "../../lib/app/emails/email-status.js";
import { listUserEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { authorize, can, type Principal } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit, emailDeliveries, groups, identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A user's PIN code: whether they hold one (never the code), who assigned it and when; assign, email, revoke. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-pin-code"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, params, query, timeZone }) => {
    authorize(principal, "users:pin-codes");
    const user = await getUser({ users: users(), groups: groups() }, principal, params.userId);
    const body = pinCodePage({
      user,
      assignedBy: await actorName(principal.tenantId, user.pinCode?.assignedBy),
      lastEmail: user.pinCode ? await lastPinCodeEmail(principal, user.userId) : undefined,
      pinCodeLogin: (await getTenant({ tenants: tenants() }, principal)).preferences.pinCodeLogin,
      csrf,
      timeZone: timeZone ?? defaultTimeZone,
      done: query.done,
    });
    return { status: 200, title: `PIN code of ${user.forename} ${user.surname}`, body };
  },
);

/** Who an audit actor is, as a person reads it: a colleague's name, or an integration. */
async function actorName(tenantId: string, actor: string | undefined): Promise<string | undefined> {
  if (!actor) return undefined;
  if (actor.startsWith("api-key:")) return "an integration (API key)";
  const colleague = actor.startsWith("user:") ? await users().get(tenantId, actor.slice(5)) : undefined;
  return colleague ? `${colleague.forename} ${colleague.surname}` : "someone no longer here";
}

/**
 * The latest email that carried the user's PIN code (its `pin-code.emailed` event among the user's recent history)
 * and its delivery status, for who may read both; else nothing.
 */
async function lastPinCodeEmail(principal: Principal, userId: string): Promise<LastPinCodeEmail | undefined> {
  if (!can(principal, "audit:read") || !can(principal, "emails:read")) return undefined;
  const history = await listUserEvents({ users: users(), audit: audit() }, principal, userId, { limit: 50 });
  const event = history.items.find((e) => e.action === "pin-code.emailed");
  const emailId = event?.details.emailId;
  if (!event || typeof emailId !== "string") return undefined;
  const delivery = await getEmail({ emailDeliveries: emailDeliveries() }, principal, emailId).catch(
    () => undefined,
  );
  return delivery && { to: delivery.to, at: event.at, status: delivery.status };
}
