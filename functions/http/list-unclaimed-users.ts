import { listUnclaimedUsers } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["list-unclaimed-users"],
  services,
  async ({ principal, query }) => ({
    status: 200,
    body: await listUnclaimedUsers(services(), principal, query),
  }),
);
