import { type BrowserServer, chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { setup as startEmulators, teardown as stopEmulators } from "../integration/global-setup.js";

declare module "vitest" {
  export interface ProvidedContext {
    browserEndpoint: string;
  }
}

let server: BrowserServer | undefined;

/**
 * The browser suite's shared pieces: the emulators (as for the integration tests) and one Chromium, Debian's
 * (`/usr/bin/chromium`, or `CHROMIUM_PATH`), that every test file connects to; each file starts its own runtime.
 */
export async function setup(project: TestProject) {
  await startEmulators(project);
  server = await chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  project.provide("browserEndpoint", server.wsEndpoint());
}

export async function teardown() {
  await server?.close();
  await stopEmulators();
}
