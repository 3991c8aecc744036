import { createServer, type Server, type Socket } from "node:net";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient } from "../../../lib/adapters/dynamodb/client.js";
import { sdkLimits } from "../../../lib/adapters/sdk-options.js";
import { isOutage } from "../../../lib/shared/outage.js";

/** A TCP endpoint that accepts connections and never answers: a paused or stuck store. */
let server: Server;
const sockets = new Set<Socket>();
let endpoint = "";
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("the DynamoDB client against a store that never answers", () => {
  it("gives up after its attempts' request timeouts, with an error taken for an outage", async () => {
    const db = documentClient({ region: "eu-west-2", endpoint });
    const started = Date.now();
    const error = await db
      .send(new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } }))
      .catch((e) => e);
    const elapsed = Date.now() - started;
    db.destroy();
    expect(isOutage(error)).toBe(true);
    const { maxAttempts, requestTimeoutMs } = sdkLimits.dynamodb;
    expect(connections).toBe(maxAttempts);
    // Each attempt waited its full timeout; all of them (and the jittered backoff) well inside the 10 s handler.
    expect(elapsed).toBeGreaterThanOrEqual(maxAttempts * requestTimeoutMs - 50);
    expect(elapsed).toBeLessThan(maxAttempts * requestTimeoutMs + 1500);
  });
});
