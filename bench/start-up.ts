import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../infra/local/emulators.js";
import { projectRoot } from "../infra/local/invoke.js";

/**
 * `npm run bench:start-up`: how long `npm start` takes until "Latchkey is running", measured as the user waits for
 * it — a new process (tsx included) on free ports with a temporary data folder: cold (an empty folder: the table,
 * queues and demo data are created) and then warm (the same folder again). Each run's banner gives the split
 * (emulators, table+queues, seed, loading). The last line is JSON.
 */
type Run = { seconds: number; wallSeconds: number; split: string };

async function start(stateDir: string): Promise<Run> {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const args = ["--port", "--dynamodb-port", "--sqs-port", "--ses-port"].flatMap((flag, i) => [
    flag,
    String(ports[i]),
  ]);
  const began = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "infra/local/main.ts", "--state-dir", stateDir, ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  try {
    return await new Promise<Run>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const banner = /Latchkey is running \(started in ([\d.]+) s: ([^)]*)\)/.exec(output);
        if (banner) {
          const wallSeconds = (performance.now() - began) / 1000;
          resolve({
            seconds: Number(banner[1]),
            wallSeconds: Number(wallSeconds.toFixed(1)),
            split: banner[2] ?? "",
          });
        }
      });
      child.once("exit", (code) =>
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)),
      );
    });
  } finally {
    child.kill("SIGINT");
    await exited;
  }
}

const stateDir = await mkdtemp(join(tmpdir(), "latchkey-start-up-"));
try {
  const cold = await start(stateDir);
  console.log(
    `cold (empty data folder): started in ${cold.seconds} s (${cold.split}); wall ${cold.wallSeconds} s`,
  );
  const warm = await start(stateDir);
  console.log(
    `warm (same data folder):  started in ${warm.seconds} s (${warm.split}); wall ${warm.wallSeconds} s`,
  );
  console.log(JSON.stringify({ coldSeconds: cold.seconds, warmSeconds: warm.seconds, cold, warm }));
} finally {
  await rm(stateDir, { recursive: true, force: true });
}
