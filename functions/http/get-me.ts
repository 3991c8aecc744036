import { getUser } from "../../lib/app/directory/get-user.js";
import { ForbiddenError } from "../../lib/domain/errors.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(sessionEndpoints["get-me"], services, async ({ principal }) => {
  if (principal.kind !== "user") throw new ForbiddenError("An API key is not a user; sign in to use /v1/me");
  return { status: 200, body: await getUser(services(), principal, principal.userId) };
});
