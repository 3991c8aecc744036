import type { User } from "../domain/model.js";

/** A Latchkey ID: one person's email across schools (`domain/identity.ts`). Its password is in `CredentialStore`. */
export type Identity = {
  /** Normalised email. */
  email: string;
  createdAt: string;
  /** `operator`, or who else created it. */
  createdBy: string;
  /** When the person proved the email (set their password through the emailed link); unset until then. */
  emailProvenAt?: string;
  /**
   * The schools the person asked for (the operator lists them, as CPOMS's helpdesk does). Proving the email by the
   * identity's own link makes a membership of a consented link only in these schools; anywhere else the account's
   * own email must be verified by its owner — so a school cannot enrol a stranger's Latchkey ID by creating an
   * account with their address and consenting to it.
   */
  schools?: string[];
  version: number;
};

/**
 * The link of an identity to a user account in one school: it exists while the account has that email; it is a
 * membership only with the school's consent (`domain/membership.ts`).
 */
export type IdentityLink = {
  tenantId: string;
  userId: string;
  /** The account's email was verified by a link sent to it. */
  verified: boolean;
  /** When (and by whom, `user:<id>`) the school consented that this account is reached by the Latchkey ID. */
  consentedAt?: string;
  consentedBy?: string;
};

/** A link, with what decides whether it is a membership now: the account as stored and its school's name. */
export type LinkedAccount = IdentityLink & {
  user?: Pick<User, "status" | "roles" | "username" | "email">;
  tenantName?: string;
};

export type ConsentOutcome = "consented" | "already-consented" | "email-changed";

/** Latchkey IDs and their consented links to user accounts (global identity items, keyed by normalised email). */
export interface IdentityStore {
  get(email: string): Promise<Identity | undefined>;
  /** Creates the identity; false (nothing changed) when it exists already. */
  create(identity: Identity): Promise<boolean>;
  /** Records that the person proved the email (first time only). */
  markEmailProven(email: string, at: Date): Promise<void>;
  /** Adds schools the person asked for (`Identity.schools`); the identity must exist. */
  addSchools(email: string, tenantIds: readonly string[]): Promise<void>;
  /** Every link of the identity, consented or not. */
  links(email: string): Promise<IdentityLink[]>;
  /**
   * Every link with its account and school name, read in a bounded number of calls (one query and batch gets),
   * however many schools.
   */
  linkedAccounts(email: string): Promise<LinkedAccount[]>;
  /**
   * The school's consent that this account is reached by the Latchkey ID of `email`, creating the link if missing —
   * only while the account's email is still `accountEmail` (as stored; "email-changed" otherwise). Idempotent: a
   * second consent (or two at once) keeps the first one's time and author ("already-consented").
   */
  consent(
    email: string,
    account: { tenantId: string; userId: string; accountEmail: string; verified: boolean },
    by: string,
    at: Date,
  ): Promise<ConsentOutcome>;
  /** Withdraws the school's consent (the link stays, no longer a membership); false when there was none. */
  withdrawConsent(email: string, tenantId: string, userId: string): Promise<boolean>;
}
