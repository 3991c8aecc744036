import { CsvHeaderError, rosterFromCsv } from "../../lib/api/roster-csv.js";
import { jobView } from "../../lib/api/views.js";
import { importRoster } from "../../lib/app/roster/import-roster.js";
import { config } from "../../lib/config.js";
import { authorize } from "../../lib/domain/permissions.js";
import type { RosterInput, RosterSection } from "../../lib/domain/roster.js";
import { rosterEndpoints } from "../../lib/endpoints/roster.js";
import { httpFunction } from "../middleware/http-function.js";
import { idempotently } from "../middleware/idempotent.js";
import { HttpProblem } from "../middleware/problem-details.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import {
  groups,
  idempotency,
  jobSecrets,
  jobs,
  sessionRevocations,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof importRoster>[0] => ({
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  secretBox: secretBox(),
  sessionRevocations: sessionRevocations(),
  tenants: tenants(),
  users: users(),
});

const endpoint = rosterEndpoints["import-roster"];

/** With an `Idempotency-Key`, a retried import (applied now or queued) gets its first answer and runs once. */
export const handler = httpFunction(endpoint, authentication, (input) =>
  idempotently(
    idempotency,
    endpoint,
    input,
    () => authorize(input.principal, "roster:import"),
    async () => {
      const { body, csv, query } = input;
      const roster = csv === undefined ? fromJson(body) : fromCsv(query.section, csv);
      const outcome = await importRoster(deps(), input.principal, roster, {
        asyncThreshold: config().ROSTER_ASYNC_THRESHOLD,
        snapshot: query.mode === "snapshot",
      });
      if (outcome.mode === "sync") return { status: 200, body: outcome.result };
      return {
        status: 202,
        body: jobView(outcome.job),
        headers: { location: `/v1/jobs/${outcome.job.jobId}` },
      };
    },
  ),
);

function fromJson(body: Partial<Record<RosterSection, unknown[]>>): RosterInput {
  return Object.fromEntries(
    Object.entries(body).map(([section, rows]) => [
      section,
      (rows ?? []).map((value, i) => ({ line: i + 1, value })),
    ]),
  );
}

function fromCsv(section: RosterSection | undefined, text: string): RosterInput {
  if (!section) {
    throw new HttpProblem(400, "invalid-request", "Invalid request", "A CSV roster needs ?section=.", [
      { pointer: "#query/section", detail: "required for text/csv" },
    ]);
  }
  try {
    return rosterFromCsv(section, text);
  } catch (error) {
    const detail = error instanceof CsvHeaderError ? error.message : "The body is not valid CSV.";
    throw new HttpProblem(400, "malformed-csv", "Malformed CSV", detail);
  }
}
