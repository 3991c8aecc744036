import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "./invoke.js";
import { startLocalRuntime } from "./runtime.js";
import { seedDemoTenant } from "./seed.js";
import { seedLatchkeyIdDemo } from "./seed-latchkey-id.js";

/**
 * `npm start`: the whole service on this machine. `--in-memory` keeps nothing; otherwise data (the table and the
 * email inbox) lives in `.latchkey/` (git-ignored). Ctrl-C stops every child process. Stable ports, so bookmarks
 * and tools keep working across restarts; each can be moved by a flag or an environment variable.
 */
const env = process.env;
const { values } = parseArgs({
  options: {
    "in-memory": { type: "boolean", default: false },
    port: { type: "string", default: env.LATCHKEY_PORT ?? "3000" },
    "dynamodb-port": { type: "string", default: env.LATCHKEY_DYNAMODB_PORT ?? "8000" },
    "sqs-port": { type: "string", default: env.LATCHKEY_SQS_PORT ?? "9324" },
    "ses-port": { type: "string", default: env.LATCHKEY_SES_PORT ?? "8005" },
    "state-dir": { type: "string", default: join(projectRoot, ".latchkey") },
    quiet: { type: "boolean", default: false },
  },
});

// DynamoDB Local's JVM starts in about half the time with the client compiler and one GC thread, and an
// interactive session never runs long enough to miss the server compiler (tests and benches keep the defaults).
process.env.JAVA_TOOL_OPTIONS ??= "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
// Lambda gives each invocation its own CPU; this machine shares its cores. Admitting a few invocations per core at
// once (the rest queue before their timeout starts, infra/local/admission.ts) keeps a burst from timing out here.
process.env.LOCAL_MAX_CONCURRENT_INVOCATIONS ??= String(8 * availableParallelism());

/** Seconds since this process started (module loading included), as the user waits for it. */
const uptime = () => process.uptime();
const stamp = () => new Date().toISOString().slice(11, 19);
// A signal while starting exits at once; the emulators' exit hook still kills the Java child.
const early = () => process.exit(130);
process.once("SIGINT", early);
process.once("SIGTERM", early);
const runtime = await startLocalRuntime({
  stateDir: values["state-dir"],
  inMemory: values["in-memory"],
  port: Number(values.port),
  emulatorPorts: {
    dynamodb: Number(values["dynamodb-port"]),
    sqs: Number(values["sqs-port"]),
    ses: Number(values["ses-port"]),
  },
  logLevel: values.quiet ? "WARN" : "INFO",
  log: values.quiet ? undefined : (line) => console.log(`${stamp()} ${line}`),
});

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  process.exit(0);
};
process.removeListener("SIGINT", early);
process.removeListener("SIGTERM", early);
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

const up = uptime();
console.log(`${stamp()} service up in ${up.toFixed(1)} s; checking the demo tenant…`);
const demo = await seedDemoTenant(runtime.deps(), values["state-dir"]);
const latchkeyId = await seedLatchkeyIdDemo(runtime.deps());
const total = uptime();
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const { emulatorsMs, resourcesMs } = runtime.startUp;
const split = `emulators ${s(emulatorsMs)}, table+queues ${s(resourcesMs)}, seed ${s((total - up) * 1000)}, loading ${s(up * 1000 - emulatorsMs - resourcesMs)}`;
const seconds = total.toFixed(1);
const admin = demo.users[0]?.username ?? "admin";
console.log(`
Latchkey is running (started in ${seconds} s${values["in-memory"] ? ", in memory" : ""}: ${split}).

  Console        ${runtime.apiUrl}/sign-in?tenant=${demo.tenantId}
                 sign in as ${admin} / ${demo.password} (site admin) → the console, ${runtime.apiUrl}/console
  API            ${runtime.apiUrl}/v1/health
  OpenAPI        ${runtime.apiUrl}/v1/openapi.json
  Email inbox    ${runtime.sesUrl}   (every email the service sends${values["in-memory"] ? "" : "; kept across restarts"})
  DynamoDB Local ${runtime.emulators.dynamodb}   table ${runtime.tableName}
  SQS            ${runtime.emulators.sqs}
  Ports: --port, --dynamodb-port, --sqs-port, --ses-port (or LATCHKEY_PORT, LATCHKEY_DYNAMODB_PORT, …)

Demo tenant "${demo.tenantId}" (Oakfield Primary School)
  API key        ${demo.apiKey}
  Password       ${demo.password}   for these staff accounts:
${demo.users.map((u) => `    ${u.username.padEnd(28)} ${u.roles}`).join("\n")}

Latchkey ID     ${latchkeyId.email} in ${latchkeyId.tenantIds.join(" and ")} (first sign-in: forgot password,
               provider "latchkey-id"; the link arrives in the email inbox)

Try:
  curl -s ${runtime.apiUrl}/v1/sessions -H 'content-type: application/json' \\
    -d '{"tenantId":"${demo.tenantId}","username":"${admin}","password":"${demo.password}"}'
  curl -s '${runtime.apiUrl}/v1/groups?search=year' -H 'x-api-key: ${demo.apiKey}'

Ctrl-C stops everything.`);
