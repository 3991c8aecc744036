import { groupView, pageView } from "../../lib/api/views.js";
import { listGroups } from "../../lib/app/directory/list-groups.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listGroups>[0] => ({
  groups: groups(),
});

export const handler = httpFunction(
  directoryEndpoints["list-groups"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: pageView(await listGroups(deps(), principal, query), groupView),
  }),
);
