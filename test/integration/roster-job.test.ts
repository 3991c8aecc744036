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
  }, 120_000);
});
