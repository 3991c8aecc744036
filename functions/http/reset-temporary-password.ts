import { resetTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  locks,
  sessionRevocations,
  temporaryPasswords,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetTemporaryPassword>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  locks: locks(),
  outbox: outbox(),
  secretBox: secretBox(),
  sessionRevocations: sessionRevocations(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["reset-temporary-password"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 201,
    body: await resetTemporaryPassword(deps(), principal, { userId: params.userId, password: body.password }),
  }),
);
