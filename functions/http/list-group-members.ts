import { listGroupMembers } from "../../lib/app/directory/list-group-members.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  directoryEndpoints["list-group-members"],
  services,
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listGroupMembers(services(), principal, params.groupId, query),
  }),
);
