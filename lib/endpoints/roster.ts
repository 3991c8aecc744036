import * as z from "zod";
import * as s from "../api/schemas.js";
import { rosterSections } from "../domain/roster.js";
import { endpoints } from "./endpoint.js";

const rosterRows = z.array(z.unknown()).max(20_000).optional();

/** The roster sync from the school's MIS: users, groups, memberships and class-teacher links. */
export const rosterEndpoints = endpoints({
  "import-roster": {
    method: "POST",
    path: "/v1/roster",
    summary: "Import users, groups, memberships and class-teacher links (idempotent upserts by external id)",
    tag: "Roster",
    auth: "required",
    csv: true,
    query: z.strictObject({
      section: z.enum(rosterSections).optional().meta({ description: "Required for text/csv bodies" }),
    }),
    body: z.strictObject(Object.fromEntries(rosterSections.map((k) => [k, rosterRows]))),
    responses: {
      200: { description: "Applied now (fewer than 1,000 rows)", schema: s.rosterResult },
      202: { description: "Queued as a bulk job (1,000 rows or more)", schema: s.job },
    },
    lambda: {
      description: "Import users, groups, memberships and class-teacher links",
      // An import that adds pupils may start a pupil-PIN job (a sealed job key).
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
  },
});
