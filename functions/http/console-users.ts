import { usersPage } from "../../lib/api/console/users.js";
import { findUsers } from "../../lib/app/directory/user-account.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** System users: the school's user accounts (active unless asked), searchable, filtered by type, paged. */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-users"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query }) => {
    const type = query.type || undefined;
    const found = await findUsers({ users: users() }, principal, {
      search: query.q || undefined,
      userType: type,
      status: query.status,
    });
    const body = usersPage({ ...found, query: { ...query, type } });
    return { status: 200, title: "User accounts", body };
  },
);
