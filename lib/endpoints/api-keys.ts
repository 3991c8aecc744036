import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const apiKey = z
  .object({
    keyId: s.id,
    name: z.string(),
    createdAt: z.string(),
    createdBy: z
      .string()
      .optional()
      .meta({ description: "`user:<id>`; absent for keys the operator issued" }),
    lastUsedAt: z.string().optional().meta({ description: "Recorded at most once a minute" }),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "ApiKey", description: "An API key (never the key itself nor its hash)" });

const createdApiKey = apiKey
  .extend({ apiKey: z.string().meta({ description: "The key: shown once, never again" }) })
  .meta({ id: "CreatedApiKey" });

/** Printable text only: no CR/LF or control characters in a name shown to admins. */
const keyName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, "no control characters");

/** The tenant's API keys (integrations such as the MIS sync): a signed-in site admin manages them; a key never does. */
export const apiKeyEndpoints = endpoints({
  "create-api-key": {
    method: "POST",
    path: "/v1/api-keys",
    summary:
      "Create an API key (shown once); a signed-in site admin only, confirming with their own password",
    tag: "API keys",
    auth: "required",
    body: z.strictObject({
      name: keyName,
      expiresAt: z.iso
        .datetime({ offset: true })
        .optional()
        .meta({ description: "In the future; absent: until revoked" }),
      password: z.string().min(1).max(1024).meta({
        description:
          "Your own password, to confirm (401 when wrong; it counts towards your lockout like a sign-in)",
      }),
    }),
    responses: { 201: { description: "The key, shown this once", schema: createdApiKey } },
    lambda: {
      description: "Create an API key",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "list-api-keys": {
    method: "GET",
    path: "/v1/api-keys",
    summary: "The tenant's API keys that are not revoked (never a key or its hash)",
    tag: "API keys",
    auth: "required",
    responses: { 200: { description: "The keys", schema: z.object({ items: z.array(apiKey) }) } },
    lambda: { description: "List API keys", access: ["table:read", "secret:session"] },
  },
  "revoke-api-key": {
    method: "DELETE",
    path: "/v1/api-keys/{keyId}",
    summary: "Revoke an API key: it fails from the next request on",
    tag: "API keys",
    auth: "required",
    params: z.strictObject({ keyId: s.id }),
    responses: { 204: { description: "Revoked" } },
    lambda: { description: "Revoke an API key", access: ["table:read", "table:write", "secret:session"] },
  },
});
