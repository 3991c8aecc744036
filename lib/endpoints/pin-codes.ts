import * as z from "zod";
import * as s from "../api/schemas.js";
import { signUpClients } from "../domain/pin-code.js";
import { plainName } from "../domain/plain-text.js";
import { usernameSchema } from "../domain/roster.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const pinCodeHolder = z
  .object({ active: z.literal(true), assignedAt: z.string(), assignedBy: z.string() })
  .meta({ id: "PinCodeHolder", description: "The user holds a PIN code (a PIN-code user); never the code" });

/** PIN-code users and self-registration with their codes, by API and on the hosted page (issue #5, IndySoft). */
export const pinCodeEndpoints = endpoints({
  "assign-pin-code": {
    method: "POST",
    path: "/v1/users/{userId}/pin-code",
    summary:
      "Assign (or regenerate) a user's random PIN code and email it: the old code stops working; the code is never returned",
    tag: "PIN codes",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: z.strictObject({
      to: z.email().max(254).optional().meta({
        description:
          "Send the code to this requestor instead of the user's own verified email: the verified email of an active user of the same tenant (422 otherwise)",
      }),
      password: z.string().min(1).max(1024).optional().meta({
        description: "Your own password, to confirm (required for a signed-in user; an API key sends none)",
      }),
    }),
    responses: {
      200: {
        description:
          "Assigned; the PINCODE_EMAIL_BODY email is queued (see GET /v1/emails/{emailId}). A wrong own password is 401; a user with more privilege than yours (for an API key: any privileged user) 403",
        schema: z.object({
          userId: s.id,
          pinCode: pinCodeHolder,
          email: z.object({ emailId: z.string(), to: z.string() }),
        }),
      },
    },
    lambda: {
      description: "Assign or regenerate a user's PIN code and email it",
      access: [
        "table:read",
        "table:write",
        "secret:pepper",
        "secret:session",
        "queue:email:send",
        "kms:data-key",
      ],
      ...hashing,
    },
  },
  "revoke-pin-code": {
    method: "DELETE",
    path: "/v1/users/{userId}/pin-code",
    summary: "Revoke a user's PIN code: it stops working at once; users created with it stay",
    tag: "PIN codes",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 204: { description: "Revoked" } },
    lambda: {
      description: "Revoke a user's PIN code",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "sign-up-with-pin-code": {
    method: "POST",
    path: "/v1/sign-ups",
    summary:
      "Sign up a new user with a PIN code: they inherit the code owner's permissions, profiles and company exceptions and get a temporary password by email",
    tag: "PIN codes",
    auth: "none",
    body: z.strictObject({
      tenantId: s.id,
      pinCode: z
        .string()
        .min(1)
        .max(64)
        .meta({ description: "As typed: any case, dashes and spaces optional" }),
      email: z.email().max(254),
      username: usernameSchema,
      forename: plainName(100).optional().meta({ description: "Default: the username" }),
      surname: plainName(100).optional(),
      client: z.enum(signUpClients).meta({
        description:
          "Where the sign-up comes from: the tenant's login option allows all clients, the web only, or none",
      }),
    }),
    responses: {
      201: {
        description:
          "Created; PASSWORD_EMAIL_NEW is on its way. A wrong code is 422 (always the same), a taken username 409, a client the tenant does not allow 403, too many wrong codes from this address 429",
        schema: z.object({ userId: s.id, username: z.string(), email: z.string() }),
      },
    },
    lambda: {
      description: "Sign up a new user with a PIN code",
      // Public: no session secret. Seals the new user's temporary password (data key) for the sign-in and the email.
      access: ["table:read", "table:write", "secret:pepper", "queue:email:send", "kms:data-key"],
      ...hashing,
    },
  },
  "sign-up-page": {
    method: "GET",
    path: "/sign-up",
    summary: "Page: sign up a new user with a PIN code (the link in the PIN-code email)",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ tenant: s.id }),
    responses: { 200: { description: "HTML form", contentType: "text/html" } },
    lambda: { description: "Page: PIN-code sign-up", access: ["table:read", "secret:session"] },
  },
  "sign-up-form": {
    method: "POST",
    path: "/sign-up",
    summary: "Page: the sign-up form's submission (as POST /v1/sign-ups from the web client)",
    tag: "Pages",
    auth: "none",
    page: true,
    // Checked by the handler against the API's schema, so a refused field shows the form again with the reason.
    body: z.object({
      tenant: s.id,
      pinCode: z.string().max(64),
      email: z.string().max(254),
      username: z.string().max(128),
      forename: z.string().max(100).optional(),
      surname: z.string().max(100).optional(),
    }),
    responses: {
      201: { description: "HTML result, or the form again with the reason", contentType: "text/html" },
    },
    lambda: {
      description: "Page: PIN-code sign-up form submission",
      access: [
        "table:read",
        "table:write",
        "secret:pepper",
        "secret:session",
        "queue:email:send",
        "kms:data-key",
      ],
      ...hashing,
    },
  },
});
