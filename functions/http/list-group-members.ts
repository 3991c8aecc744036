import { groupView, pageView, usersViewedBy } from "../../lib/api/views.js";
import { listGroupMembers } from "../../lib/app/directory/list-group-members.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listGroupMembers>[0] => ({
  groups: groups(),
  users: users(),
});

export const handler = httpFunction(
  directoryEndpoints["list-group-members"],
  authentication,
  async ({ principal, params, query }) => {
    const members = await listGroupMembers(deps(), principal, params.groupId, query);
    return {
      status: 200,
      body: { ...pageView(members, usersViewedBy(principal)), group: groupView(members.group) },
    };
  },
);
