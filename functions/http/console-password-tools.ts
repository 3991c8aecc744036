import { sectionsFor } from "../../lib/api/console/nav.js";
import { passwordToolsPage } from "../../lib/api/console/password-tools.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Password tools: the section's screens this person may use. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-password-tools"],
  { formTokens, settings, authentication, identities },
  async ({ principal }) => {
    const section = sectionsFor(principal).find((s) => s.href === "/console/password-tools");
    if (!section) throw new PageProblem(403, ["Password tools are for site admins and nominated contacts."]);
    return { status: 200, title: "Password tools", body: passwordToolsPage(section) };
  },
);
