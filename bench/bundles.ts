import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { lambdaBundling } from "../infra/constructs/bundling.js";
import { type Access, type FunctionName, functions } from "../lib/topology/index.js";

/**
 * What each Lambda function carries, against what it must carry: every function's entry is bundled with the options
 * the CDK app uses (`infra/constructs/bundling.ts`), and so is a bare module that only creates the SDK clients its
 * access list needs. The ratio of the two is our code's overhead (goal ≤ 1.25). Then the cold import time of three
 * functions against a bare DynamoDB bundle, each in fresh `node` processes, median of 5 (goal ≤ 1.3).
 * Last line: JSON with `maxRatio`, `maxBytes` and the import-time ratios. Runs offline in about a minute.
 */
const root = join(import.meta.dirname, "..");
// Inside node_modules so the external argon2 package resolves when a bundle is imported.
const out = join(root, "node_modules", ".cache", "latchkey-bundles");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** The SDK client each kind of access needs in AWS, created as the service creates it. */
const clientFor: Record<Access, string | undefined> = {
  "table:read": "dynamodb",
  "table:write": "dynamodb",
  "queue:fanout:send": "sqs",
  "queue:work:send": "sqs",
  "queue:email:send": "sqs",
  "ses:send": "ses",
  "ses:templates": "ses",
  "secret:pepper": "secrets",
  "secret:session": "secrets",
  "kms:data-key": "kms",
};
const clientSource: Record<string, string> = {
  dynamodb: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
clients.push(DynamoDBDocumentClient.from(new DynamoDBClient({})));`,
  sqs: `import { SQSClient } from "@aws-sdk/client-sqs";
clients.push(new SQSClient({}));`,
  ses: `import { SESv2Client } from "@aws-sdk/client-sesv2";
clients.push(new SESv2Client({}));`,
  secrets: `import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
clients.push(new SecretsManagerClient({}));`,
  kms: `import { KMSClient } from "@aws-sdk/client-kms";
clients.push(new KMSClient({}));`,
};

async function bundle(entry: string, name: string, options: Partial<BuildOptions> = {}): Promise<string> {
  const outfile = join(out, name, "index.mjs");
  await build({ ...lambdaBundling, entryPoints: [entry], outfile, absWorkingDir: root, ...options });
  return outfile;
}

/** What a bundle is made of, in KiB: the AWS SDK, each other package, and the project's own code. */
async function composition(name: FunctionName): Promise<Record<string, number>> {
  const result = await build({
    ...lambdaBundling,
    entryPoints: [join(root, functions[name].entry)],
    outfile: join(out, "composition", name, "index.mjs"),
    absWorkingDir: root,
    metafile: true,
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const parts: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const part = !pkg
      ? "our code"
      : /^(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke|mnemonist|obliterator|tslib|fast-xml|strnum|bowser|uuid)/.test(
            pkg,
          )
        ? "AWS SDK"
        : pkg.startsWith("@aws-lambda-powertools")
          ? "Powertools"
          : pkg;
    parts[part] = (parts[part] ?? 0) + bytesInOutput / 1024;
  }
  return Object.fromEntries(
    Object.entries(parts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, Number(v.toFixed(1))]),
  );
}

/** A bare bundle of the given SDK clients (sorted names), built once per distinct set. */
const bare = new Map<string, Promise<string>>();
function bareBundle(clients: readonly string[]): Promise<string> {
  const key = clients.join("+");
  let file = bare.get(key);
  if (!file) {
    const entry = join(out, `bare-${key}.mjs`);
    const imports = clients.map((c) => clientSource[c]?.split("\n").filter((l) => l.startsWith("import")));
    const uses = clients.map((c) => clientSource[c]?.split("\n").filter((l) => !l.startsWith("import")));
    writeFileSync(entry, [...imports.flat(), "export const clients = [];", ...uses.flat()].join("\n"));
    file = bundle(entry, `bare-${key}`);
    bare.set(key, file);
  }
  return file;
}

const bytes = (file: string) => statSync(file).size;

type Row = { name: FunctionName; bytes: number; bareBytes: number; clients: string[]; ratio: number | null };
const rows: Row[] = [];
const names = Object.keys(functions) as FunctionName[];
const parallel = Math.max(2, cpus().length);
for (let i = 0; i < names.length; i += parallel) {
  await Promise.all(
    names.slice(i, i + parallel).map(async (name) => {
      const declaration = functions[name];
      const clients = [
        ...new Set(declaration.access.map((a) => clientFor[a]).filter((c) => c !== undefined)),
      ];
      clients.sort();
      const [file, bareFile] = await Promise.all([
        bundle(join(root, declaration.entry), name),
        clients.length > 0 ? bareBundle(clients) : Promise.resolve(undefined),
      ]);
      const size = bytes(file);
      const bareSize = bareFile ? bytes(bareFile) : 0;
      rows.push({
        name,
        bytes: size,
        bareBytes: bareSize,
        clients,
        ratio: bareFile ? size / bareSize : null,
      });
    }),
  );
}
rows.sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0) || b.bytes - a.bytes);
const kib = (n: number) => `${(n / 1024).toFixed(0).padStart(5)} KiB`;
console.log("function                          bundle      bare SDK    ratio  clients");
for (const row of rows) {
  console.log(
    `${row.name.padEnd(32)} ${kib(row.bytes)}  ${row.bareBytes ? kib(row.bareBytes) : "        -"}  ${
      row.ratio === null ? "    -" : row.ratio.toFixed(2).padStart(5)
    }  ${row.clients.join(", ") || "(no SDK client)"}`,
  );
}

/** Milliseconds to import a module in a fresh node process (read, compile, evaluate), median of `runs`. */
function importMs(file: string, runs = 5): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: "" },
      encoding: "utf8",
    });
    times.push(Number(printed));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const bareDynamoBundle = () => bareBundle(["dynamodb"]);
const bareDynamo = await bareDynamoBundle();
const bareMs = importMs(bareDynamo);
const probes: FunctionName[] = ["create-session", "verify-sso-pin", "reset-password-page"];
const importTime: Record<string, { ms: number; ratio: number }> = {};
console.log(`\ncold import, median of 5 fresh processes: bare DynamoDB bundle ${bareMs.toFixed(1)} ms`);
for (const name of probes) {
  const ms = importMs(join(out, name, "index.mjs"));
  importTime[name] = { ms: Number(ms.toFixed(1)), ratio: Number((ms / bareMs).toFixed(2)) };
  console.log(`${name.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms  ratio ${(ms / bareMs).toFixed(2)}`);
}

// Where a typical function's bytes above its bare SDK bundle go (an authenticated read: DynamoDB + the session secret).
const sample: FunctionName = "get-me";
const parts = await composition(sample);
console.log(`\n${sample}, KiB by origin: ${JSON.stringify(parts)}`);
// The baseline figure (a bare DynamoDB bundle of "about 535 KiB") is what esbuild gives with its default
// main fields for node (CommonJS first); the CDK app bundles ES modules first, as above.
const cjsFirst = join(out, "bare-dynamodb-cjs", "index.mjs");
await build({
  ...lambdaBundling,
  mainFields: ["main", "module"],
  entryPoints: [join(out, "bare-dynamodb.mjs")],
  outfile: cjsFirst,
  absWorkingDir: root,
});
console.log(
  `bare DynamoDB bundle: ${kib(bytes(await bareDynamoBundle()))} ES modules first (as the CDK app bundles), ${kib(bytes(cjsFirst))} CommonJS first`,
);

const withClients = rows.filter((r) => r.ratio !== null);
const worst = withClients[0];
const largest = [...rows].sort((a, b) => b.bytes - a.bytes)[0];
console.log(
  JSON.stringify({
    functions: rows.length,
    maxRatio: worst ? Number(worst.ratio?.toFixed(3)) : null,
    maxRatioFunction: worst?.name,
    maxBytes: largest?.bytes,
    maxBytesFunction: largest?.name,
    maxBytesWithoutClients: Math.max(0, ...rows.filter((r) => r.ratio === null).map((r) => r.bytes)),
    bareDynamoDbImportMs: Number(bareMs.toFixed(1)),
    importTimeRatios: Object.fromEntries(Object.entries(importTime).map(([k, v]) => [k, v.ratio])),
    importTimeMs: Object.fromEntries(Object.entries(importTime).map(([k, v]) => [k, v.ms])),
    [`${sample}KiB`]: parts,
  }),
);
