import { contracts } from "../../lib/api/contracts.js";
import { userDetailView } from "../../lib/api/views.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-user"], services, async ({ principal, params }) => ({
  status: 200,
  body: userDetailView(await getUser(services(), principal, params.userId)),
}));
