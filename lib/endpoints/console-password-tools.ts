import { endpoints } from "./endpoint.js";

/** The console's Password tools (SIMS ID) screens (`lib/api/console/nav.ts` lists them). */
export const consolePasswordToolsEndpoints = endpoints({});
