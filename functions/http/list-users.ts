import { contracts } from "../../lib/api/contracts.js";
import { pageView, userView } from "../../lib/api/views.js";
import { listUsers } from "../../lib/app/directory/list-users.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["list-users"], services, async ({ principal, query }) => ({
  status: 200,
  body: pageView(await listUsers(services(), principal, query), userView),
}));
