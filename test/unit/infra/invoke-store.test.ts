import { describe, expect, it, vi } from "vitest";
import { logger } from "../../../functions/observability.js";
import "../../../infra/local/invoke.js";

describe("the local runtime's invocation contexts", () => {
  it("leave code outside any invocation (seeds, tests, the CLI) logging as before, not throwing", async () => {
    // Set once the store is in place: from then on Powertools keeps its state per invocation context.
    await vi.waitFor(() => expect(process.env.AWS_LAMBDA_MAX_CONCURRENCY).toBeDefined());
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      logger.appendKeys({ tenantId: "outside" });
      logger.info("Seeded");
    } finally {
      spy.mockRestore();
      logger.removeKeys(["tenantId"]);
    }
    const line = JSON.parse(written.join("")) as Record<string, unknown>;
    expect(line).toMatchObject({ message: "Seeded", tenantId: "outside" });
  });
});
