import { endpoints } from "./endpoint.js";

/** The console's Preferences and layouts (IndySoft) screens (`lib/api/console/nav.ts` lists them). */
export const consolePreferencesEndpoints = endpoints({});
