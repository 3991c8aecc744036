import { homePage } from "../../lib/api/console/home.js";
import { sectionsFor } from "../../lib/api/console/nav.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { consoleEndpoints } from "../../lib/endpoints/console.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The console's home: the sections and screens the signed-in person may use, as their roles are now. */
export const handler = sessionPageFunction(
  consoleEndpoints["console-home"],
  { formTokens, settings, authentication, identities },
  async ({ principal }) => {
    const user = await getUser({ groups: groups(), users: users() }, principal, principal.userId);
    const body = homePage({
      name: `${user.forename} ${user.surname}`,
      roles: principal.roles,
      withheldRoles: principal.withheldRoles ?? [],
      sections: sectionsFor(principal),
    });
    return { status: 200, title: "Console", body };
  },
);
