import { contracts } from "../../lib/api/contracts.js";
import { groupView, pageView } from "../../lib/api/views.js";
import { listGroups } from "../../lib/app/directory/list-groups.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["list-groups"], services, async ({ principal, query }) => ({
  status: 200,
  body: pageView(await listGroups(services(), principal, query), groupView),
}));
