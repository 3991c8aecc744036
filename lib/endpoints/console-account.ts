import { endpoints } from "./endpoint.js";

/** The console's Account settings (CPOMS) screens (`lib/api/console/nav.ts` lists them). */
export const consoleAccountEndpoints = endpoints({});
