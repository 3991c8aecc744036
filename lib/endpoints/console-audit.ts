import { endpoints } from "./endpoint.js";

/** The console's Audit, emails and API keys screens (`lib/api/console/nav.ts` lists them). */
export const consoleAuditEndpoints = endpoints({});
