import { listGroups } from "../../lib/app/directory/list-groups.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  directoryEndpoints["list-groups"],
  services,
  async ({ principal, query }) => ({
    status: 200,
    body: await listGroups(services(), principal, query),
  }),
);
