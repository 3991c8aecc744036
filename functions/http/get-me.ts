import { userDetailView } from "../../lib/api/views.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { ForbiddenError } from "../../lib/domain/errors.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getUser>[0] => ({
  groups: groups(),
  users: users(),
});

export const handler = httpFunction(sessionEndpoints["get-me"], authentication, async ({ principal }) => {
  if (principal.kind !== "user") throw new ForbiddenError("An API key is not a user; sign in to use /v1/me");
  const user = userDetailView(await getUser(deps(), principal, principal.userId), principal);
  const session = {
    secondFactor: principal.secondFactor ?? false,
    withheldRoles: principal.withheldRoles ?? [],
  };
  return { status: 200, body: { ...user, session } };
});
