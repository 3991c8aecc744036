import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProjectRoot, ServiceFunction } from "../../infra/constructs/service-function.js";
import { StatefulStack } from "../../infra/stateful-stack.js";
import type { FunctionDeclaration } from "../../lib/topology/index.js";

/** Whether the linux-x64-gnu binding the layer is built from is installed. */
function bindingInstalled(): boolean {
  try {
    const fromArgon2 = createRequire(createRequire(import.meta.url).resolve("@node-rs/argon2/package.json"));
    fromArgon2.resolve("@node-rs/argon2-linux-x64-gnu/package.json");
    return true;
  } catch {
    return false;
  }
}

/** A throwaway project whose entries esbuild really bundles (only the "Bundled" stack is bundled). */
const projectRoot = mkdtempSync(path.join(os.tmpdir(), "latchkey-service-function-test-"));
mkdirSync(path.join(projectRoot, "functions"));
symlinkSync(path.join(defaultProjectRoot, "node_modules"), path.join(projectRoot, "node_modules"), "dir");
writeFileSync(path.join(projectRoot, "package-lock.json"), "{}\n");
writeFileSync(
  path.join(projectRoot, "functions", "eager.ts"),
  'import { hash } from "@node-rs/argon2";\nexport const handler = async () => hash("x");\n',
);
writeFileSync(
  path.join(projectRoot, "functions", "lazy.ts"),
  'export const handler = async () => (await import("@node-rs/argon2")).hash("x");\n',
);
afterAll(() => rmSync(projectRoot, { recursive: true, force: true }));

const declaration = (entry: string): FunctionDeclaration => ({
  entry,
  description: entry,
  timeoutSeconds: 10,
  memoryMb: 512,
  access: [],
});

/** Bundles the two entries for real (only the "Bundled" stack is bundled) and returns the stack. */
function buildStack(): Stack {
  const app = new App({
    stackTraces: false,
    builtinCloudFormationValidation: false,
    context: { "aws:cdk:bundling-stacks": ["Bundled"] },
  });
  const stateful = new StatefulStack(app, "Stateful");
  const stack = new Stack(app, "Bundled");
  const resources = {
    table: stateful.table,
    queues: {
      fanout: stateful.queues.fanout.queue,
      work: stateful.queues.work.queue,
      email: stateful.queues.email.queue,
    },
    pepperSecret: stateful.pepperSecret,
    sessionSecret: stateful.sessionSecret,
    dataKey: stateful.dataKey,
    configurationSetName: stateful.configurationSet.configurationSetName,
    emailTemplatePrefix: stateful.emailTemplatePrefix,
    senderDomains: ["latchkey.example"],
  };
  for (const name of ["Eager", "Lazy"]) {
    new ServiceFunction(stack, name, {
      declaration: declaration(`functions/${name.toLowerCase()}.ts`),
      resources,
      environment: {},
      projectRoot,
    });
  }
  return stack;
}

describe("ServiceFunction", () => {
  let stack: Stack;
  beforeAll(() => {
    // The layer is built from the linux-x64-gnu binding that npm installs on Linux (CI and Lambda's platform).
    expect(bindingInstalled(), "the @node-rs/argon2 linux-x64-gnu binding is installed").toBe(true);
    stack = buildStack();
  }, 180_000);

  const layersOf = (name: string) => {
    const fn = stack.node.findChild(name) as ServiceFunction;
    const id = stack.getLogicalId(fn.function.node.defaultChild as CfnElement);
    return Template.fromStack(stack).toJSON().Resources[id].Properties.Layers;
  };

  it("gives the argon2 layer, with a warning, to an undeclared function that imports argon2 at start", () => {
    expect(layersOf("Eager")).toHaveLength(1);
    Annotations.fromStack(stack).hasWarning(
      "/Bundled/Eager",
      Match.stringLikeRegexp("loads @node-rs/argon2"),
    );
  });

  it("gives no layer to an undeclared function that imports argon2 lazily", () => {
    expect(layersOf("Lazy")).toBeUndefined();
    Annotations.fromStack(stack).hasNoWarning("/Bundled/Lazy", Match.anyValue());
  });
});
