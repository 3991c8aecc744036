import { contracts } from "../../lib/api/contracts.js";
import { userDetailView } from "../../lib/api/views.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { ForbiddenError } from "../../lib/domain/errors.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-me"], services, async ({ principal }) => {
  if (principal.kind !== "user") throw new ForbiddenError("An API key is not a user; sign in to use /v1/me");
  return { status: 200, body: userDetailView(await getUser(services(), principal, principal.userId)) };
});
