import { readdirSync, readFileSync } from "node:fs";
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

/**
 * CPU time used so far (ms) by this process (handlers, gateway, client, and the libuv threads that hash) and by
 * DynamoDB Local, the Java child it started. On a shared machine a rate drifts with the neighbours' load; CPU per
 * operation does not, and it shows what the emulator costs beside argon2. The emulator is read from /proc (Linux);
 * elsewhere it is undefined.
 */
export function cpuTimes(): { processMs: number; emulatorMs?: number } {
  const usage = process.cpuUsage();
  return { processMs: (usage.user + usage.system) / 1000, emulatorMs: javaChildCpuMs() };
}

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

function javaChildCpuMs(): number | undefined {
  try {
    let total: number | undefined;
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // After "pid (comm) ": state, ppid, …; utime and stime are fields 14 and 15 of the whole line.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (name !== "java" || Number(fields[1]) !== process.pid) continue;
      total = (total ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    }
    return total;
  } catch {
    return undefined;
  }
}
