import { listUserEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  directoryEndpoints["list-user-events"],
  services,
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listUserEvents(services(), principal, params.userId, query),
  }),
);
