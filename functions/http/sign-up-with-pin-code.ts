import { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  pinCodes,
  sourceAttempts,
  temporaryPasswords,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof signUpWithPinCode>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  pinCodes: pinCodes(),
  secretBox: secretBox(),
  settings: settings(),
  sourceAttempts: sourceAttempts(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  pinCodeEndpoints["sign-up-with-pin-code"],
  async ({ body, sourceIp }) => ({
    status: 201,
    body: await signUpWithPinCode(deps(), { ...body, sourceIp }),
  }),
);
