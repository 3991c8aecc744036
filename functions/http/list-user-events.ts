import { listUserEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listUserEvents>[0] => ({
  audit: audit(),
  users: users(),
});

export const handler = httpFunction(
  directoryEndpoints["list-user-events"],
  authentication,
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listUserEvents(deps(), principal, params.userId, query),
  }),
);
