import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalRuntime } from "../infra/local/runtime.js";

/** The whole service on fresh, in-memory emulators, quiet: what every benchmark measures against. */
export async function startBenchRuntime() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return startLocalRuntime({
    stateDir: await mkdtemp(join(tmpdir(), "latchkey-bench-")),
    inMemory: true,
    prefix: "bench",
    logLevel: "ERROR",
  });
}
