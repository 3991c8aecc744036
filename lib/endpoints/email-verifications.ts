import * as z from "zod";
import * as s from "../api/schemas.js";
import { endpoints } from "./endpoint.js";

const token = z.string().min(1).max(512).meta({ description: "The token from the confirmation link" });
const sent = z
  .object({ status: z.literal("sent"), email: z.string() })
  .meta({ id: "VerificationSent", description: "A confirmation link went to this address" });
const sendAccess = [
  "table:read",
  "table:write",
  "secret:session",
  "queue:email:send",
  "kms:data-key",
] as const;

/**
 * Email verification (issue #7): an address counts as verified — and reset links go to it — only once its owner
 * follows a link sent to it. Admins and the MIS ask for links (one user or whole groups); the person confirms on a
 * hosted page. A roster, an API key or an admin never marks an address verified.
 */
export const emailVerificationEndpoints = endpoints({
  "request-email-verification": {
    method: "POST",
    path: "/v1/users/{userId}/email-verification",
    summary:
      "Email a user a link to confirm their address (a staff member with emails:send-verifications, or an API key); five an hour per user",
    tag: "Email verification",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      202: {
        description:
          "The link is on its way; 409 when the user has no address, is verified already or is not active; 429 after five in an hour",
        schema: sent,
      },
    },
    lambda: { description: "Email a user a confirmation link", access: [...sendAccess] },
  },
  "request-own-email-verification": {
    method: "POST",
    path: "/v1/me/email-verification",
    summary: "Email the signed-in user a link to confirm their own address; five an hour",
    tag: "Email verification",
    auth: "required",
    responses: {
      202: {
        description: "The link is on its way; 409 when there is no address or it is verified already",
        schema: sent,
      },
    },
    lambda: { description: "Email me a confirmation link", access: [...sendAccess] },
  },
  "start-verification-emails": {
    method: "POST",
    path: "/v1/email-verification-emails",
    summary:
      "Email a confirmation link to every member of groups whose address is not verified yet (a bulk job)",
    tag: "Email verification",
    auth: "required",
    idempotent: true,
    body: z.strictObject({ groupIds: z.array(s.id).min(1).max(50) }),
    responses: {
      202: { description: "The job; its report lists members with no address or disabled", schema: s.job },
    },
    lambda: {
      description: "Email confirmation links to groups (bulk job)",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "complete-email-verification": {
    method: "POST",
    path: "/v1/email-verifications/complete",
    summary:
      "Confirm an address with a link's token (single use; only while it is still the account's address)",
    tag: "Email verification",
    auth: "none",
    body: z.strictObject({ token }),
    responses: {
      200: {
        description: "The address is verified; 410 when the link expired, was used, or the address changed",
        schema: z.object({ status: z.literal("email-verified"), username: z.string(), email: z.string() }),
      },
    },
    lambda: { description: "Confirm an email address", access: ["table:read", "table:write"] },
  },
  "verify-email-page": {
    method: "GET",
    path: "/verify-email",
    summary: "Page: confirm an email address (the link in the email; opening it changes nothing)",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ token }),
    responses: {
      200: {
        description: "HTML with a confirm button, or a page saying the link no longer works",
        contentType: "text/html",
      },
    },
    lambda: { description: "Page: confirm an email address", access: ["table:read"] },
  },
  "verify-email-form": {
    method: "POST",
    path: "/verify-email",
    summary: "Page: the confirm button's submission",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({ token }),
    responses: { 200: { description: "HTML result", contentType: "text/html" } },
    lambda: { description: "Page: confirm button submission", access: ["table:read", "table:write"] },
  },
});
