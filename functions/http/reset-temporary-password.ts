import { resetTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, locks, temporaryPasswords, tenants, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetTemporaryPassword>[0] => ({
  audit: audit(),
  clock,
  locks: locks(),
  secretBox: secretBox(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["reset-temporary-password"],
  authentication,
  async ({ principal, params }) => ({
    status: 201,
    body: await resetTemporaryPassword(deps(), principal, params.userId),
  }),
);
