/**
 * Domain errors carry meaning, not HTTP status. `functions/middleware/problem-details.ts` is the one place that
 * maps them to RFC 9457 responses.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type FieldError = { pointer: string; detail: string };

/** Input that passed the schema but breaks a rule (e.g. a weak password). */
export class ValidationError extends DomainError {
  readonly code = "validation";
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** Missing or invalid credentials. Deliberately says nothing about why. */
export class AuthenticationError extends DomainError {
  readonly code: string = "unauthenticated";
  constructor() {
    super("Authentication failed");
  }
}

/**
 * A session token was presented and is not valid (malformed, forged, revoked, its user disabled): RFC 6750's
 * `invalid_token`. Still says nothing about which check failed.
 */
export class InvalidTokenError extends AuthenticationError {}

/**
 * A genuine session token past its expiry. Saying so leaks nothing (its holder can read `exp` in it) and tells a
 * client to sign in again rather than retry; only a token whose signature checked out is called expired.
 */
export class SessionExpiredError extends InvalidTokenError {
  override readonly code: string = "session-expired";
  constructor() {
    super();
    this.message = "The session has expired: sign in again.";
  }
}

/**
 * Both an API key and a bearer token in one request (RFC 6750 §3.1 `invalid_request`: "uses more than one method
 * for including an access token"). Refused before either is looked at, rather than guessing which one counts.
 */
export class AmbiguousCredentialsError extends DomainError {
  readonly code = "ambiguous-credentials";
  constructor() {
    super("Send either an API key (X-Api-Key) or a session (Authorization: Bearer), not both.");
  }
}

/** A session too old for what it asks (switching school after the identity's authentication time): sign in again. */
export class SignInAgainError extends AuthenticationError {
  constructor() {
    super();
    this.message = "Sign in again: your sign-in is too old to switch school";
  }
}

/** Signed in, but not allowed to do this. */
export class ForbiddenError extends DomainError {
  readonly code: string = "forbidden";
}

/**
 * Refused only because the session lacks a second factor: a role the tenant reserves for two factors would allow
 * it. The detail says where to add an authenticator.
 */
export class AuthenticatorRequiredError extends ForbiddenError {
  override readonly code: string = "authenticator-required";
  constructor(readonly withheldRoles: readonly string[]) {
    super(
      `An authenticator is required: your ${withheldRoles.join(", ")} access needs two factors at this school. Add an authenticator app on the security keys page (/security-keys) or with POST /v1/me/authenticators, then sign out and sign in again with its code. Until then you have basic access only.`,
    );
  }
}

/** Not found — also what another tenant's resource looks like, so ids never leak across tenants. */
export class NotFoundError extends DomainError {
  readonly code = "not-found";
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/** A uniqueness or state conflict (e.g. username taken), with the offending fields when there are any. */
export class ConflictError extends DomainError {
  readonly code = "conflict";
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** Too many attempts from one source; says nothing about whether any attempt was right. */
export class TooManyAttemptsError extends DomainError {
  readonly code = "too-many-attempts";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The resource existed but is permanently gone (e.g. a consumed one-time report). */
export class GoneError extends DomainError {
  readonly code = "gone";
}
