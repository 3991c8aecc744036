import type { SecondFactorDeps } from "../../lib/app/authenticators/verify-second-factor.js";
import type { Deps } from "../../lib/app/deps.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { clock } from "./clock.js";
import { audit, authenticators, credentials, emailDeliveries, users } from "./dynamodb.js";
import { notGranted } from "./not-granted.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { outbox } from "./sqs.js";
import { totp } from "./totp.js";

/**
 * Checking authenticator codes and managing devices (confirming a device, new recovery codes, the pages of security
 * keys): the devices, their sealed seeds, the code counters and the owner's events. Codes are checked under the
 * lockout without hashing anything, so these functions are not granted the pepper.
 */
export const codeCheckDeps = (): SecondFactorDeps & Pick<Deps, "users" | "clock"> => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  secretBox: secretBox(),
  totp: totp(),
  users: users(),
});

/** Reset a user's lost authenticators (the admin's password checked): the API and the console. */
export const authenticatorResetDeps = () => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  users: users(),
});
