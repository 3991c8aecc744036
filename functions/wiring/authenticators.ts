import type { SecondFactorDeps } from "../../lib/app/authenticators/verify-second-factor.js";
import type { Deps } from "../../lib/app/deps.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { clock } from "./clock.js";
import { audit, authenticators, credentials, users } from "./dynamodb.js";
import { notGranted } from "./not-granted.js";
import { secretBox } from "./secret-box.js";
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
