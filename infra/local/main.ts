import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "./invoke.js";
import { startLocalRuntime } from "./runtime.js";
import { seedDemoTenant } from "./seed.js";
import { seedLatchkeyIdDemo } from "./seed-latchkey-id.js";

/**
 * `npm start`: the whole service on this machine. `--in-memory` keeps nothing; otherwise data lives in
 * `.latchkey/` (git-ignored). Ctrl-C stops every child process.
 */
const { values } = parseArgs({
  options: {
    "in-memory": { type: "boolean", default: false },
    port: { type: "string", default: "3000" },
    "state-dir": { type: "string", default: join(projectRoot, ".latchkey") },
    quiet: { type: "boolean", default: false },
  },
});

const started = Date.now();
const stamp = () => new Date().toISOString().slice(11, 19);
// A signal while starting exits at once; the emulators' exit hook still kills the Java child.
const early = () => process.exit(130);
process.once("SIGINT", early);
process.once("SIGTERM", early);
const runtime = await startLocalRuntime({
  stateDir: values["state-dir"],
  inMemory: values["in-memory"],
  port: Number(values.port),
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

console.log(
  `${stamp()} service up in ${((Date.now() - started) / 1000).toFixed(1)} s; checking the demo tenant…`,
);
const demo = await seedDemoTenant(runtime.deps(), values["state-dir"]);
const latchkeyId = await seedLatchkeyIdDemo(runtime.deps());
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const admin = demo.users[0]?.username ?? "admin";
console.log(`
Latchkey is running (started in ${seconds} s${values["in-memory"] ? ", in memory" : ""}).

  Console        ${runtime.apiUrl}/sign-in?tenant=${demo.tenantId}
                 sign in as ${admin} / ${demo.password} (site admin) → the console, ${runtime.apiUrl}/console
  API            ${runtime.apiUrl}/v1/health
  OpenAPI        ${runtime.apiUrl}/v1/openapi.json
  Email inbox    ${runtime.sesUrl}   (every email the service sends)
  DynamoDB Local ${runtime.emulators.dynamodb}   table ${runtime.tableName}
  SQS            ${runtime.emulators.sqs}

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
