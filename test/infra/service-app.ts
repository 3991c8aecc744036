import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { StatefulStack } from "../../infra/stateful-stack.js";
import { StatelessStack } from "../../infra/stateless-stack.js";
import { functions } from "../../lib/topology/index.js";

/**
 * The CDK app as `cdk synth` builds it, minus bundling and the slow built-in template validation (`cdk synth` runs
 * both): every function's entry is a stub in a temporary project, so these tests never read `functions/` (real
 * bundling is exercised by `cdk synth`). `remove()` deletes the temporary project.
 */
export function serviceApp(name: string, context: Record<string, unknown> = {}) {
  const projectRoot = mkdtempSync(path.join(os.tmpdir(), `latchkey-${name}-`));
  writeFileSync(path.join(projectRoot, "package-lock.json"), "{}\n");
  for (const declaration of Object.values(functions)) {
    const entry = path.join(projectRoot, declaration.entry);
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, "export const handler = async () => ({});\n");
  }
  const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    stackTraces: false,
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, ...context, "aws:cdk:bundling-stacks": [] },
  });
  const stateful = new StatefulStack(app, "Latchkey-Stateful");
  const stateless = new StatelessStack(app, "Latchkey-Stateless", {
    stateful,
    senderAddress: "no-reply@example.com",
    projectRoot,
  });
  return { app, stateful, stateless, remove: () => rmSync(projectRoot, { recursive: true, force: true }) };
}
