import { resetFindPage } from "../../lib/api/console/user-password.js";
import { listUsers } from "../../lib/app/directory/list-users.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Reset one user's password, step 1: find them (the first 25 matches by surname). */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-reset-find"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query }) => {
    authorize(principal, "passwords:generate");
    const q = query.q || undefined;
    const found = q ? await listUsers({ users: users() }, principal, { search: q, limit: 25 }) : undefined;
    return {
      status: 200,
      title: "Reset one user's password",
      body: resetFindPage({ q, users: found?.items, more: Boolean(found?.cursor) }),
    };
  },
);
