import { contracts } from "../../lib/api/contracts.js";
import { groupView, pageView, userView } from "../../lib/api/views.js";
import { listGroupMembers } from "../../lib/app/directory/list-group-members.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["list-group-members"],
  services,
  async ({ principal, params, query }) => {
    const members = await listGroupMembers(services(), principal, params.groupId, query);
    return { status: 200, body: { ...pageView(members, userView), group: groupView(members.group) } };
  },
);
