import type { User } from "../domain/model.js";

/**
 * A user's current emailed link of one purpose (one at a time: a newer link replaces it) and the recent emails of
 * that purpose.
 */
export type LinkRecord = {
  tenantId: string;
  userId: string;
  /** SHA-256 of the token; absent once the link was used. */
  tokenHash?: string;
  /** When the link stops working. */
  linkExpiresAt?: string;
  /** When such emails went to this account recently (newest last), for the hourly limit. */
  sentAt: string[];
  /** The bulk job that issued the current link, so a redelivered chunk does not send it again. */
  issuedByJob?: string;
  version: number;
};

/** A user's current reset link. */
export type ResetLinkRecord = LinkRecord;

/** Emailed links of one purpose, stored only as hashes. */
export interface LinkStore<R extends LinkRecord> {
  get(tenantId: string, userId: string): Promise<R | undefined>;
  /**
   * Stores a new link in place of the user's current one (which stops working), if the record is still at
   * `record.version - 1` (0: none). False when someone else changed it meanwhile.
   */
  replace(record: R): Promise<boolean>;
  /** Uses the link up: true only for the current, unexpired link with this hash, and only once. */
  consume(tenantId: string, userId: string, tokenHash: string, now: Date): Promise<boolean>;
}

/** Reset links. */
export type PasswordResetStore = LinkStore<ResetLinkRecord>;

/** A user's current email-verification link: it proves this address, and only while it is still the account's. */
export type EmailVerificationRecord = LinkRecord & { email: string };

/** Email-verification links. */
export type EmailVerificationStore = LinkStore<EmailVerificationRecord>;

/** What decides, on every request, whether a session still counts: all of it read in one strongly consistent call. */
export type SessionState = {
  /** The user as stored now (undefined: no such user); only `active` users have sessions, with these roles. */
  user?: Pick<User, "status" | "roles">;
  /** Sessions issued before this moment (epoch ms) no longer count; undefined: none revoked. */
  revokedBefore?: number;
  /** This one session was signed out. */
  signedOut: boolean;
  /**
   * A Latchkey ID session's identity: its sessions proved (signed in) before this moment (epoch ms) no longer count —
   * set when the identity's password changes or the person signs out of the Latchkey ID. Undefined: none revoked.
   */
  identityRevokedBefore?: number;
};

/** Ends sessions (stateless JWTs): every session of a user issued before a moment, or one session by its id. */
export interface SessionRevocations {
  revokeAll(tenantId: string, userId: string, at: Date): Promise<void>;
  /** Sessions issued before this moment (epoch ms) are no longer accepted; undefined: none revoked. */
  revokedBefore(tenantId: string, userId: string): Promise<number | undefined>;
  /** Signs one session out; the record lives until the token would have expired anyway. */
  revokeSession(tenantId: string, userId: string, sessionId: string, expiresAt: Date): Promise<void>;
  /**
   * The user's status and roles, the revocation moment and whether this session was signed out — and for a Latchkey
   * ID session the identity's revocation moment (`identity`: its normalised email): one read.
   */
  state(tenantId: string, userId: string, sessionId: string, identity?: string): Promise<SessionState>;
}
