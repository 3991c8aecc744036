import type { TestProject } from "vitest/node";
import { type Emulators, startEmulators } from "../../infra/local/emulators.js";

declare module "vitest" {
  export interface ProvidedContext {
    emulators: { dynamodb: string; sqs: string; ses: string };
  }
}

let emulators: Emulators | undefined;

/** One set of emulators for the whole integration run; each test file creates its own prefixed resources. */
export async function setup(project: TestProject) {
  emulators = await startEmulators({});
  project.provide("emulators", { dynamodb: emulators.dynamodb, sqs: emulators.sqs, ses: emulators.ses });
}

export async function teardown() {
  await emulators?.stop();
}
