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
    summary:
      "Import users, groups, memberships and class-teacher links (idempotent upserts by external id; mode=snapshot removes links the MIS no longer sends). An API key may not grant or remove privileged roles (site-admin, headteacher, nominated-contact), change a privileged user's email or status, or mark an email verified: such rows are refused with a reason, the others applied",
    tag: "Roster",
    auth: "required",
    idempotent: true,
    csv: true,
    query: z.strictObject({
      section: z.enum(rosterSections).optional().meta({ description: "Required for text/csv bodies" }),
      mode: z.enum(["merge", "snapshot"]).default("merge").meta({
        description:
          "merge (default): rows are upserted and nothing is removed. snapshot: each link section sent (memberships, classTeachers; for CSV the one named by section) is the school's complete list — links of that kind in roster groups (groups with an external id) that it does not name are removed before the rows are applied (counted in removed). A snapshot section with any invalid row removes nothing (one error with line 0 says so). Users and groups are never deleted: set a user's status to left instead.",
      }),
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
