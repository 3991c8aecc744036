import { getUser } from "../../lib/app/directory/get-user.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  directoryEndpoints["get-user"],
  services,
  async ({ principal, params }) => ({
    status: 200,
    body: await getUser(services(), principal, params.userId),
  }),
);
