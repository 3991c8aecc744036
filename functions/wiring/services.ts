import type { Deps } from "../../lib/app/deps.js";
import { clock } from "./clock.js";
import * as dynamodb from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { hasher, sessions } from "./secrets.js";
import { mailer, sendingAccount, templatePublisher } from "./ses.js";
import { settings } from "./settings.js";
import { jobQueue, outbox } from "./sqs.js";
import { totp } from "./totp.js";

let built: Deps | undefined;

/**
 * Every adapter, for the local runtime (seeding, assertions) and the operator CLI. Lambda handlers never import
 * this: each names only the factories its use case needs, so its bundle carries only those.
 */
export function services(): Deps {
  built ??= {
    clock,
    settings: settings(),
    tenants: dynamodb.tenants(),
    users: dynamodb.users(),
    identities: dynamodb.identities(),
    groups: dynamodb.groups(),
    credentials: dynamodb.credentials(),
    hasher: hasher(),
    sessions: sessions(),
    jobs: dynamodb.jobs(),
    temporaryPasswords: dynamodb.temporaryPasswords(),
    audit: dynamodb.audit(),
    secretBox: secretBox(),
    locks: dynamodb.locks(),
    jobSecrets: dynamodb.jobSecrets(),
    ssoPins: dynamodb.ssoPins(),
    pupilPins: dynamodb.pupilPins(),
    pinCodes: dynamodb.pinCodes(),
    sourceAttempts: dynamodb.sourceAttempts(),
    jobQueue: jobQueue(),
    outbox: outbox(),
    mailer: mailer(),
    layouts: dynamodb.layouts(),
    passwordResets: dynamodb.passwordResets(),
    emailVerifications: dynamodb.emailVerifications(),
    sessionRevocations: dynamodb.sessionRevocations(),
    templatePublisher: templatePublisher(),
    sendingAccount: sendingAccount(),
    sendRate: dynamodb.sendRate(),
    tenantEmailQuota: dynamodb.tenantEmailQuota(),
    emailDeliveries: dynamodb.emailDeliveries(),
    authenticators: dynamodb.authenticators(),
    totp: totp(),
  };
  return built;
}
