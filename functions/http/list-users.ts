import { pageView, usersViewedBy } from "../../lib/api/views.js";
import { listUsers } from "../../lib/app/directory/list-users.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listUsers>[0] => ({
  users: users(),
});

export const handler = httpFunction(
  directoryEndpoints["list-users"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: pageView(await listUsers(deps(), principal, query), usersViewedBy(principal)),
  }),
);
