import * as z from "zod";
import * as s from "../api/schemas.js";
import { isTimeZone } from "../domain/model.js";
import { plainName } from "../domain/plain-text.js";
import { endpoints } from "./endpoint.js";

/** The caller's tenant: its settings and its audit trail. */
export const tenantEndpoints = endpoints({
  "get-tenant": {
    method: "GET",
    path: "/v1/tenant",
    summary: "The caller's tenant",
    tag: "Tenant",
    auth: "required",
    responses: { 200: { description: "Tenant", schema: s.tenant } },
    lambda: { description: "Tenant settings", access: ["table:read", "secret:session"] },
  },
  "update-tenant": {
    method: "PATCH",
    path: "/v1/tenant",
    summary: "Change the tenant's name, environment name, sender address, time zone or preferences",
    tag: "Tenant",
    auth: "required",
    body: z.strictObject({
      name: plainName(200).optional(),
      environmentName: plainName(100).optional(),
      senderAddress: z.email().max(254).optional().meta({
        description:
          "Sender of the tenant's emails: an address on one of the deployment's verified sender domains (422 otherwise)",
      }),
      timeZone: z
        .string()
        .max(64)
        .refine(isTimeZone, "must be an IANA time zone such as Europe/London")
        .optional()
        .meta({ description: "The school's time zone, for times on printed reports and slips" }),
      preferences: s.tenantPreferences.partial().optional(),
    }),
    responses: { 200: { description: "Tenant", schema: s.tenant } },
    lambda: {
      description: "Change tenant settings",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "list-audit-events": {
    method: "GET",
    path: "/v1/audit-events",
    summary: "The tenant's audit events, newest first; filter by kind (action) and time (from ≤ at < to)",
    tag: "Audit",
    auth: "required",
    query: z.strictObject({ limit: s.limit, cursor: s.cursor, ...s.auditFilter }),
    responses: { 200: { description: "A page of events", schema: s.page(s.auditEvent) } },
    lambda: { description: "The tenant's audit events", access: ["table:read", "secret:session"] },
  },
});
