import { listUnclaimedUsers } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { groups, temporaryPasswords, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listUnclaimedUsers>[0] => ({
  clock,
  groups: groups(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["list-unclaimed-users"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: await listUnclaimedUsers(deps(), principal, query),
  }),
);
