import { clock } from "./clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  groups,
  jobSecrets,
  jobs,
  locks,
  sessionRevocations,
  temporaryPasswords,
  tenants,
  users,
} from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { jobQueue, outbox } from "./sqs.js";

/** Reset one user's temporary password (`resetTemporaryPassword`): the API and the console's page. */
export const resetPasswordDeps = () => ({
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

/** Start a regeneration (`startRegeneration`, the admin's password checked): the API and the console. */
export const regenerationStartDeps = () => ({
  clock,
  credentials: credentials(),
  groups: groups(),
  hasher: hasher(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  secretBox: secretBox(),
  users: users(),
});

/** Show one user's temporary password (`revealTemporaryPassword`, the admin's password checked): the API and the console's Show. */
export const revealDeps = () => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  secretBox: secretBox(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});
