import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { syntheticRoster } from "../fixtures/synthetic-roster.js";
import { client, createTestTenant, eventually, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

describe("roster import as a bulk job", () => {
  it("imports 1,200 users (above the 1,000-row threshold) through the queue and reports progress until completed", async () => {
    const { apiKey } = await createTestTenant(runtime);
    const roster = syntheticRoster(1200);
    const accepted = await api("POST", "/v1/roster", {
      apiKey,
      json: roster,
    });
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.jobId as string;
    expect(accepted.headers.get("location")).toBe(`/v1/jobs/${jobId}`);
    expect(accepted.body).toMatchObject({ status: "queued", total: 2_420, processed: 0, failed: 0 });

    const job = await eventually(
      async () => {
        const r = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
        return r.body.status === "completed" ? r.body : undefined;
      },
      110_000,
      500,
    );
    expect(job).toMatchObject({ total: 2_420, processed: 2_420, failed: 0 });
    const page = await api("GET", "/v1/groups?search=class%2013", { apiKey });
    expect((page.body.items as { memberCount: number }[])[0]?.memberCount).toBe(60);

    // The nightly class list as a snapshot (1,140 rows, a job): the 60 pupils of class 13 left the school.
    const kept = roster.memberships.filter((m) => m.groupExternalId !== "G13");
    const snapshot = await api("POST", "/v1/roster?mode=snapshot", { apiKey, json: { memberships: kept } });
    expect(snapshot.status).toBe(202);
    const snapshotJobId = snapshot.body.jobId as string;
    await eventually(
      async () => {
        const r = await api("GET", `/v1/jobs/${snapshotJobId}`, { apiKey });
        return r.body.status === "completed" ? r.body : undefined;
      },
      110_000,
      500,
    );
    const after = await api("GET", "/v1/groups?limit=100", { apiKey });
    const counts = new Map(
      (after.body.items as { name: string; memberCount: number }[]).map((g) => [g.name, g.memberCount]),
    );
    expect(counts.get("Class 13")).toBe(0);
    expect(counts.get("Class 12")).toBe(60);
  }, 240_000);
});
