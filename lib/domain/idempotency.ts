import { randomBytes } from "node:crypto";
import * as z from "zod";
import { ConflictError, ValidationError } from "./errors.js";

/**
 * Idempotency keys of bulk starts (a regeneration, reset or verification emails, a class's random PINs, a roster
 * import): a client that retries — a double-click, a lost answer, a reload — sends the same key and gets the first
 * answer again instead of a second job that would void the first one's slips. The semantics follow Stripe and
 * draft-ietf-httpapi-idempotency-key-header: one key per caller and route, kept 24 hours; the same key with the same
 * request replays the first (successful) answer; with another request it is refused (422); while the first is still
 * running it is refused (409, retry later).
 */

/** How long a key (and its first answer) is kept: a day covers a client's retries and a person's reload. */
export const idempotencyRetentionSeconds = 24 * 3600;

/** The header name as documented (HTTP header names are case-insensitive; API Gateway passes them lower-case). */
export const idempotencyKeyHeader = "Idempotency-Key";

/** 1–255 printable ASCII characters (space to tilde): a UUID or any opaque token the client makes. */
const keyPattern = /^[\x20-\x7e]{1,255}$/;

/**
 * The key of a header value, or undefined when it is not a valid key. The IETF draft sends it as a structured-field
 * string (`"…"`); Stripe's clients send it bare: both are accepted, and `"abc"` is the same key as `abc`.
 */
export function parseIdempotencyKey(value: string): string | undefined {
  const trimmed = value.trim();
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(trimmed);
  const key = quoted ? (quoted[1] ?? "").replace(/\\(["\\])/g, "$1") : trimmed;
  return keyPattern.test(key) ? key : undefined;
}

/** The key a console form carries as a hidden field (the same syntax as the header's). */
export const idempotencyKeyField = z
  .string()
  .regex(keyPattern, "1 to 255 printable ASCII characters")
  .meta({ description: "A fresh random key rendered with the form: a second submission gives the same job" });

/** A fresh key for one confirmation form: 128 random bits, URL-safe. */
export function newIdempotencyKey(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Body fields that are the caller's proof of who they are, not part of what they ask: left out of the request's
 * fingerprint so that no digest of a password is ever stored (an unsalted hash of one could be guessed offline).
 */
const proofFields = new Set(["password", "currentPassword", "csrf", "idempotencyKey"]);

/**
 * What identifies a request for "same key, same request": its path parameters, query, body (without the proof
 * fields above) and CSV text. The store keeps only a SHA-256 digest of it.
 */
export function requestFingerprint(request: {
  params?: unknown;
  query?: unknown;
  body?: unknown;
  csv?: string;
}): unknown {
  const body =
    request.body && typeof request.body === "object" && !Array.isArray(request.body)
      ? Object.fromEntries(Object.entries(request.body).filter(([name]) => !proofFields.has(name)))
      : request.body;
  return {
    params: request.params ?? null,
    query: request.query ?? null,
    body: body ?? null,
    csv: request.csv ?? null,
  };
}

/** The same key was sent with a different request: the client has a bug, and nothing is started. */
export class IdempotencyKeyReusedError extends ValidationError {
  constructor() {
    super(
      `This ${idempotencyKeyHeader} was used with a different request in the last 24 hours: use a new key for a new request.`,
      [{ pointer: "#header/idempotency-key", detail: "already used with a different request" }],
    );
  }
}

/** A request with this key is still being served: its answer is not known yet, so the client retries later. */
export class IdempotencyInProgressError extends ConflictError {
  constructor() {
    super(
      `A request with this ${idempotencyKeyHeader} is still in progress: retry in a moment to get its answer.`,
      [{ pointer: "#header/idempotency-key", detail: "in progress" }],
    );
  }
}
