import { endpoints } from "./endpoint.js";

/** The console's Early years logins (myUSO) screens (`lib/api/console/nav.ts` lists them). */
export const consoleEarlyYearsEndpoints = endpoints({});
