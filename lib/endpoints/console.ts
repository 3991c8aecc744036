import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });

/**
 * The console's home: the sections and screens the signed-in person may use (`lib/api/console/nav.ts`). Each
 * section's screens are declared in its own file (`console-<section>.ts`) and deployed as its own nested stack.
 */
export const consoleEndpoints = endpoints({
  "console-home": {
    method: "GET",
    path: "/console",
    summary: "Console: home — the sections and screens this person may use, and their own account",
    tag: "Console",
    auth: "required",
    page: true,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: home", access: ["table:read", "secret:session"] },
  },
});
