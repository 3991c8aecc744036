import { listUsers } from "../../lib/app/directory/list-users.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  directoryEndpoints["list-users"],
  services,
  async ({ principal, query }) => ({
    status: 200,
    body: await listUsers(services(), principal, query),
  }),
);
