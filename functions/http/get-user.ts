import { userDetailView } from "../../lib/api/views.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getUser>[0] => ({
  groups: groups(),
  users: users(),
});

export const handler = httpFunction(
  directoryEndpoints["get-user"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: userDetailView(await getUser(deps(), principal, params.userId), principal),
  }),
);
