import { revealTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, credentials, temporaryPasswords, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof revealTemporaryPassword>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  secretBox: secretBox(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["reveal-temporary-password"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await revealTemporaryPassword(deps(), principal, {
      userId: params.userId,
      password: body.password,
    }),
  }),
);
