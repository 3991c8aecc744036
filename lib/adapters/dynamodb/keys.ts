/**
 * The key scheme of the one table. This module is the only place that builds key values.
 *
 * Every item key starts with its tenant (`T#<tenantId>…`), except the global identity items keyed by normalised
 * email (`ID#<email>`) that link one person to accounts in several tenants, and the service's email send windows
 * (`SVC#…`): the SES sending rate belongs to the AWS account, not to a tenant. A Latchkey ID is an owner like a user
 * account (`domain/identity.ts`): its per-owner items (credential, reset link, authenticators, events) take the
 * partition `ID#<email>` where an account's take `T#t#U#u`.
 *
 * | item                | pk                          | sk                  | gsi1pk                    | gsi1sk             |
 * |---------------------|-----------------------------|---------------------|---------------------------|--------------------|
 * | tenant              | T#t                         | TENANT              |                           |                    |
 * | API key             | T#t                         | APIKEY#<sha256>     |                           |                    |
 * | user                | T#t#U#u                     | USER                | T#t#USERS                 | surname␟forename␟u |
 * | password credential | T#t#U#u                     | CRED#PASSWORD       |                           |                    |
 * | temporary password  | T#t#U#u                     | CRED#TEMP           |                           |                    |
 * | SSO PIN             | T#t#U#u                     | CRED#SSOPIN         |                           |                    |
 * | pupil PIN           | T#t#U#u                     | CRED#PUPILPIN       |                           |                    |
 * | PIN code            | T#t#U#u                     | CRED#PINCODE        |                           |                    |
 * | PIN-code handle     | T#t#PINCODE#<handle>        | UNIQUE              |                           |                    |
 * | sign-up source      | T#t#SIGNUPSRC#<sha256(ip)>  | WINDOW#<start>      |                           |                    |
 * | password reset link | T#t#U#u                     | RESET               |                           |                    |
 * | session revocation  | T#t#U#u                     | SESSIONS            |                           |                    |
 * | signed-out session  | T#t#U#u                     | SESSION#<sessionId> |                           |                    |
 * | used step-up token  | T#t#STEPUP#<jti>            | USED                |                           |                    |
 * | user event          | T#t#U#u                     | EVENT#<at>#<id>     |                           |                    |
 * | tenant audit event  | T#t#AUDIT                   | <at>#<id>           |                           |                    |
 * | tenant lock         | T#t                         | LOCK#<name>         |                           |                    |
 * | idempotency record  | T#t#IDEM                    | <route>#<actor>#<sha256(key)> |                 |                    |
 * | email layout        | T#t                         | LAYOUT#<layoutId>   |                           |                    |
 * | username (unique)   | T#t#UNAME#<username>        | UNIQUE              |                           |                    |
 * | user external id    | T#t#UEXT#<externalId>       | UNIQUE              |                           |                    |
 * | group               | T#t#G#g                     | GROUP               | T#t#GROUPS                | name␟g             |
 * | group external id   | T#t#GEXT#<externalId>       | UNIQUE              |                           |                    |
 * | membership          | T#t#G#g                     | MEMBER#u            | T#t#U#u#MEMBER_OF         | G#g                |
 * | class-teacher link  | T#t#G#g                     | TEACHER#u           | T#t#U#u#TEACHES           | G#g                |
 * | job                 | T#t#J#j                     | JOB                 | T#t#JOBS                  | <createdAt>#j      |
 * | job chunk           | T#t#J#j                     | CHUNK#<phase>#<n>   |                           |                    |
 * | job chunk done      | T#t#J#j                     | DONE#<phase>#<n>    |                           |                    |
 * | job secret          | T#t#J#j                     | SECRET              |                           |                    |
 * | email delivery      | T#t#EMAILS                  | <emailId>           |                           |                    |
 * | email send window   | SVC#EMAIL_RATE              | <epoch second>      |                           |                    |
 * | authenticator       | T#t#U#u (or ID#<email>)     | TOTP#<deviceId>     |                           |                    |
 * | authenticator name  | T#t#U#u (or ID#<email>)     | TOTPNAME#<name>     |                           |                    |
 * | active authent. n   | T#t#U#u (or ID#<email>)     | TOTPCOUNT           |                           |                    |
 * | recovery codes      | T#t#U#u (or ID#<email>)     | RECOVERY            |                           |                    |
 * | TOTP code counters  | T#t#U#u (or ID#<email>)     | CRED#TOTP           |                           |                    |
 * | identity            | ID#<email>                  | IDENTITY            |                           |                    |
 * | identity link       | ID#<email>                  | LINK#T#t#U#u        | T#t#U#u#IDENTITY          | ID#<email>         |
 */
import { identityScope } from "../../domain/identity.js";
import { foldCase } from "../../domain/model.js";

export type Key = { pk: string; sk: string };

const t = (tenantId: string) => `T#${tenantId}`;
/**
 * The partition of one owner's items (`domain/identity.ts`): a tenant's user account `T#t#U#u`, or a Latchkey ID
 * `ID#<email>` — so a credential, a reset link, an authenticator or an event of an identity is a global identity item.
 */
const u = (tenantId: string, userId: string) =>
  tenantId === identityScope ? `ID#${userId}` : `${t(tenantId)}#U#${userId}`;
const pad = (n: number) => String(n).padStart(6, "0");
/** Sort keys for name listings: case-insensitive, stable. */
const sortable = foldCase;
/** Separates sort-key parts; below every printable character, so "Year 1" sorts before "Year 1 Ash". */
const SEP = "\u001f";
/** The sort key of items that only claim a unique value (a username, an external id, a PIN-code handle). */
const UNIQUE = "UNIQUE";
/** Marks a username claim's partition: `T#t#UNAME#<username>`. */
const USERNAME = "#UNAME#";
const MEMBER = "MEMBER#";
const TEACHER = "TEACHER#";
const CHUNK = "CHUNK#";
const DONE = "DONE#";

export const keys = {
  tenant: (tenantId: string): Key => ({ pk: t(tenantId), sk: "TENANT" }),
  apiKey: (tenantId: string, hash: string): Key => ({ pk: t(tenantId), sk: `APIKEY#${hash}` }),
  apiKeyPrefix: "APIKEY#",

  user: (tenantId: string, userId: string): Key => ({ pk: u(tenantId, userId), sk: "USER" }),
  userList: (tenantId: string, surname: string, forename: string, userId: string) => ({
    gsi1pk: `${t(tenantId)}#USERS`,
    gsi1sk: `${sortable(surname)}${SEP}${sortable(forename)}${SEP}${userId}`,
  }),
  usersIndex: (tenantId: string) => `${t(tenantId)}#USERS`,
  passwordCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#PASSWORD",
  }),
  temporaryCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#TEMP",
  }),
  ssoPinCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#SSOPIN",
  }),
  pupilPinCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#PUPILPIN",
  }),
  pinCodeCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#PINCODE",
  }),
  /** The attempt counters of an owner's authenticator and recovery codes (their own lockout). */
  totpCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#TOTP",
  }),
  /** The attempt counters of confirming a new authenticator (apart from the sign-in codes'). */
  totpEnrolCredential: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "CRED#TOTPENROL",
  }),
  authenticator: (tenantId: string, userId: string, deviceId: string): Key => ({
    pk: u(tenantId, userId),
    sk: `TOTP#${deviceId}`,
  }),
  authenticatorPrefix: "TOTP#",
  /** Claims an active device's name (folded) within its owner. */
  authenticatorName: (tenantId: string, userId: string, foldedName: string): Key => ({
    pk: u(tenantId, userId),
    sk: `TOTPNAME#${foldedName}`,
  }),
  authenticatorNamePrefix: "TOTPNAME#",
  /** How many active devices the owner has (bounded by a condition on every activation). */
  authenticatorCount: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "TOTPCOUNT",
  }),
  recoveryCodes: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "RECOVERY",
  }),
  /** Finds a PIN code's owner by the code's public handle (its hash cannot be looked up). */
  pinCodeHandle: (tenantId: string, handle: string): Key => ({
    pk: `${t(tenantId)}#PINCODE#${handle}`,
    sk: UNIQUE,
  }),
  /** Failed PIN-code sign-ups from one source (a hashed address) in one fixed window; expires with it. */
  signUpSource: (tenantId: string, sourceHash: string, windowStart: number): Key => ({
    pk: `${t(tenantId)}#SIGNUPSRC#${sourceHash}`,
    sk: `WINDOW#${windowStart}`,
  }),
  passwordReset: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "RESET",
  }),
  emailVerification: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "VERIFYEMAIL",
  }),
  sessionRevocation: (tenantId: string, userId: string): Key => ({
    pk: u(tenantId, userId),
    sk: "SESSIONS",
  }),
  signedOutSession: (tenantId: string, userId: string, sessionId: string): Key => ({
    pk: u(tenantId, userId),
    sk: `SESSION#${sessionId}`,
  }),
  /** A step-up token already introspected (single use); expires with the token. */
  usedStepUp: (tenantId: string, tokenId: string): Key => ({
    pk: `${t(tenantId)}#STEPUP#${tokenId}`,
    sk: "USED",
  }),
  userEvent: (tenantId: string, userId: string, at: string, eventId: string): Key => ({
    pk: u(tenantId, userId),
    sk: `EVENT#${at}#${eventId}`,
  }),
  userEventPrefix: "EVENT#",
  userPartition: (tenantId: string, userId: string) => u(tenantId, userId),
  tenantEvent: (tenantId: string, at: string, eventId: string): Key => ({
    pk: `${t(tenantId)}#AUDIT`,
    sk: `${at}#${eventId}`,
  }),
  tenantEvents: (tenantId: string) => `${t(tenantId)}#AUDIT`,
  lock: (tenantId: string, name: string): Key => ({ pk: t(tenantId), sk: `LOCK#${name}` }),
  /**
   * An idempotency key's record (Powertools Idempotency writes it): the tenant's partition, and the sort key's
   * prefix `<route>#<actor>` to which the library appends `#<sha256 of the key>`.
   */
  idempotencyRecord: (tenantId: string, scope: string) => ({ pk: `${t(tenantId)}#IDEM`, skPrefix: scope }),
  emailLayout: (tenantId: string, layoutId: string): Key => ({ pk: t(tenantId), sk: `LAYOUT#${layoutId}` }),
  emailLayoutPrefix: "LAYOUT#",
  tenantPartition: (tenantId: string) => t(tenantId),
  username: (tenantId: string, normalisedUsername: string): Key => ({
    pk: `${t(tenantId)}${USERNAME}${normalisedUsername}`,
    sk: UNIQUE,
  }),
  userExternalId: (tenantId: string, externalId: string): Key => ({
    pk: `${t(tenantId)}#UEXT#${externalId}`,
    sk: UNIQUE,
  }),

  group: (tenantId: string, groupId: string): Key => ({ pk: `${t(tenantId)}#G#${groupId}`, sk: "GROUP" }),
  groupList: (tenantId: string, name: string, groupId: string) => ({
    gsi1pk: `${t(tenantId)}#GROUPS`,
    gsi1sk: `${sortable(name)}${SEP}${groupId}`,
  }),
  groupsIndex: (tenantId: string) => `${t(tenantId)}#GROUPS`,
  groupExternalId: (tenantId: string, externalId: string): Key => ({
    pk: `${t(tenantId)}#GEXT#${externalId}`,
    sk: UNIQUE,
  }),
  groupPartition: (tenantId: string, groupId: string) => `${t(tenantId)}#G#${groupId}`,
  membership: (tenantId: string, groupId: string, userId: string) => ({
    pk: `${t(tenantId)}#G#${groupId}`,
    sk: `${MEMBER}${userId}`,
    gsi1pk: `${t(tenantId)}#U#${userId}#MEMBER_OF`,
    gsi1sk: `G#${groupId}`,
  }),
  membershipPrefix: MEMBER,
  classTeacher: (tenantId: string, groupId: string, userId: string) => ({
    pk: `${t(tenantId)}#G#${groupId}`,
    sk: `${TEACHER}${userId}`,
    gsi1pk: `${t(tenantId)}#U#${userId}#TEACHES`,
    gsi1sk: `G#${groupId}`,
  }),
  classTeacherPrefix: TEACHER,
  userMemberOf: (tenantId: string, userId: string) => `${t(tenantId)}#U#${userId}#MEMBER_OF`,
  userTeaches: (tenantId: string, userId: string) => `${t(tenantId)}#U#${userId}#TEACHES`,

  job: (tenantId: string, jobId: string): Key => ({ pk: `${t(tenantId)}#J#${jobId}`, sk: "JOB" }),
  jobList: (tenantId: string, createdAt: string, jobId: string) => ({
    gsi1pk: `${t(tenantId)}#JOBS`,
    gsi1sk: `${createdAt}#${jobId}`,
  }),
  jobChunk: (tenantId: string, jobId: string, phase: number, chunk: number): Key => ({
    pk: `${t(tenantId)}#J#${jobId}`,
    sk: `${CHUNK}${phase}#${pad(chunk)}`,
  }),
  jobChunkPrefix: (phase: number) => `${CHUNK}${phase}#`,
  jobChunkDone: (tenantId: string, jobId: string, phase: number, chunk: number): Key => ({
    pk: `${t(tenantId)}#J#${jobId}`,
    sk: `${DONE}${phase}#${pad(chunk)}`,
  }),
  /** Every chunk-done marker of a job, of every phase. */
  jobChunkDonePrefix: DONE,

  jobSecret: (tenantId: string, jobId: string): Key => ({ pk: `${t(tenantId)}#J#${jobId}`, sk: "SECRET" }),
  jobPartition: (tenantId: string, jobId: string) => `${t(tenantId)}#J#${jobId}`,

  emailDelivery: (tenantId: string, emailId: string): Key => ({ pk: `${t(tenantId)}#EMAILS`, sk: emailId }),
  emailDeliveries: (tenantId: string) => `${t(tenantId)}#EMAILS`,
  emailSendWindow: (epochSecond: number): Key => ({ pk: "SVC#EMAIL_RATE", sk: String(epochSecond) }),
  /** Emails a tenant sent (or is sending) on one UTC day, for its daily quota; expires two days later. */
  tenantEmailDay: (tenantId: string, day: string): Key => ({ pk: `${t(tenantId)}#EMAILDAY`, sk: day }),

  identity: (normalisedEmail: string): Key => ({ pk: `ID#${normalisedEmail}`, sk: "IDENTITY" }),
  identityLink: (normalisedEmail: string, tenantId: string, userId: string) => ({
    pk: `ID#${normalisedEmail}`,
    sk: `LINK#${t(tenantId)}#U#${userId}`,
    gsi1pk: `${t(tenantId)}#U#${userId}#IDENTITY`,
    gsi1sk: `ID#${normalisedEmail}`,
  }),
  identityLinkPrefix: "LINK#",

  /** Whether an item (or key) is a username claim: tells which action of a failed transaction was the claim. */
  isUsernameClaim: (item: Record<string, unknown> | undefined): boolean =>
    item?.sk === UNIQUE && String(item.pk).includes(USERNAME),
} as const;

/** Strips key attributes before an item leaves the adapter. */
export function withoutKeys<T extends Record<string, unknown>>(
  item: T,
): Omit<T, "pk" | "sk" | "gsi1pk" | "gsi1sk"> {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest;
}
