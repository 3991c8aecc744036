import {
  hashLinkToken,
  jobLinkToken,
  type LinkPurpose,
  mayEmailAgain,
  newLinkToken,
  parseLinkToken,
  sameHash,
  sendsInLastHour,
} from "../domain/link-token.js";
import type { User } from "../domain/model.js";
import type { LinkRecord, LinkStore } from "../ports/password-resets.js";
import type { Deps } from "./deps.js";
import { jobEmailId } from "./emails/queue-email.js";

/** The bulk job that emails a link: its id and start, and its key (the links it issues derive from it). */
export type LinkJob = { jobId: string; createdAt: string; key: Buffer };

/** What a link of one purpose is: its store, how long it works, and what its record carries besides the link. */
export type LinkKind<R extends LinkRecord> = {
  purpose: LinkPurpose;
  store: LinkStore<R>;
  validMinutes: number;
  /** What the record holds besides the link (e.g. the address a verification link proves). */
  extra: Omit<R, keyof LinkRecord>;
};

/**
 * Issues a user a new emailed link of one purpose (a reset link, an email-verification link) and queues its
 * email with `send`; the self-service requests, an admin's request and the group jobs all come here.
 * 1. A new link replaces the user's current one of that purpose (which stops working); the token is stored only as
 *    SHA-256; at most five such emails go to one account in any hour ("rate-limited" otherwise).
 * 2. A job's link and email are the same on every delivery of its chunk (derived from the job key, one email id per
 *    (job, user)): a redelivery after the link was stored but before the email was queued queues that email, and
 *    one already queued or sent is not sent twice.
 * 3. Two requests at once: the record is versioned, so one stores its link and the other is "rate-limited".
 */
export async function issueLink<R extends LinkRecord>(
  deps: Pick<Deps, "clock">,
  kind: LinkKind<R>,
  user: Pick<User, "tenantId" | "userId">,
  send: (token: string, emailId: string | undefined) => Promise<unknown>,
  job?: LinkJob,
): Promise<"sent" | "rate-limited"> {
  const now = deps.clock.now();
  const current = await kind.store.get(user.tenantId, user.userId);
  const { token, hash } = job
    ? jobLinkToken(job.key, kind.purpose, user.tenantId, user.userId)
    : newLinkToken(user.tenantId, user.userId);
  const emailId = job && jobEmailId(job, user.userId);
  if (job && current?.issuedByJob === job.jobId) {
    // A redelivered chunk: this job stored the link already; queue its email again unless the link is gone.
    const live = current.tokenHash === hash && Date.parse(current.linkExpiresAt ?? "") > now.getTime();
    if (live) await send(token, emailId);
    return "sent";
  }
  const sentAt = sendsInLastHour(current?.sentAt ?? [], now);
  if (!mayEmailAgain(sentAt, now)) return "rate-limited";
  const replaced = await kind.store.replace({
    ...kind.extra,
    tenantId: user.tenantId,
    userId: user.userId,
    tokenHash: hash,
    linkExpiresAt: new Date(now.getTime() + kind.validMinutes * 60_000).toISOString(),
    sentAt: [...sentAt, now.toISOString()],
    ...(job && { issuedByJob: job.jobId }),
    version: (current?.version ?? 0) + 1,
  } as R);
  if (!replaced) {
    // A concurrent delivery of the same chunk stored this job's link (and queues its email); or another request
    // for the same account won, and its link is the one that counts.
    const winner = job && (await kind.store.get(user.tenantId, user.userId));
    return winner && winner.issuedByJob === job.jobId ? "sent" : "rate-limited";
  }
  await send(token, emailId);
  return "sent";
}

/**
 * The record of a link that still works (current, unused, unexpired, of this kind), or undefined. Reads only:
 * opening a link's page changes nothing.
 */
export async function openLink<R extends LinkRecord>(
  deps: Pick<Deps, "clock">,
  store: LinkStore<R>,
  token: string,
): Promise<R | undefined> {
  const named = parseLinkToken(token);
  const record = named && (await store.get(named.tenantId, named.userId));
  if (
    !record?.tokenHash ||
    !record.linkExpiresAt ||
    Date.parse(record.linkExpiresAt) <= deps.clock.now().getTime() ||
    !sameHash(record.tokenHash, hashLinkToken(token))
  ) {
    return undefined;
  }
  return record;
}

/** Uses a link up: true for exactly one of any number of concurrent uses of a link that still works. */
export async function useLink<R extends LinkRecord>(
  deps: Pick<Deps, "clock">,
  store: LinkStore<R>,
  token: string,
): Promise<boolean> {
  const named = parseLinkToken(token);
  return !!named && store.consume(named.tenantId, named.userId, hashLinkToken(token), deps.clock.now());
}
