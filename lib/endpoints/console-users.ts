import { endpoints } from "./endpoint.js";

/** The console's System users (Bromcom) screens (`lib/api/console/nav.ts` lists them). */
export const consoleUsersEndpoints = endpoints({});
