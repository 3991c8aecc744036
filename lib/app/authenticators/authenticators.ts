import {
  type AuthenticatorDevice,
  authenticatorAad,
  generateRecoveryCodes,
  hashRecoveryCode,
  isUsablePending,
  maxAuthenticators,
  newDeviceId,
  pendingAuthenticatorMs,
} from "../../domain/authenticator.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { isIdentityOwner, type Owner, ownerOf } from "../../domain/identity.js";
import { actorOf, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { verifyWithLockout } from "../verify-with-lockout.js";
import { recordOwnerEvent } from "./owner-events.js";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** Authenticators belong to people: an API key never starts, lists or removes one. */
export function assertPerson(principal: Principal): asserts principal is UserPrincipal {
  if (principal.kind !== "user") {
    throw new ForbiddenError("Authenticators are managed by their signed-in owner, never with an API key");
  }
}

type EnrolDeps = Pick<Deps, "authenticators" | "totp" | "secretBox" | "users" | "clock">;

/**
 * Once an owner has an active authenticator, only a session that gave a second factor may add another (or remove
 * one without a code): a password-only session — stolen, or from before the first device — must not plant a device
 * of its own.
 */
export async function assertMayManageDevices(
  deps: Pick<Deps, "authenticators">,
  principal: UserPrincipal,
  owner: Owner,
): Promise<void> {
  if (principal.secondFactor) return;
  if (await deps.authenticators.hasActive(owner)) {
    throw new ForbiddenError(
      "You already have an authenticator: sign in with its code to add or remove devices without one.",
    );
  }
}

/**
 * Starts adding an authenticator app for the signed-in person's owner (their Latchkey ID, else their account).
 * 1. At most `maxAuthenticators` active and as many unexpired pending devices.
 * 2. A new 160-bit secret, sealed under an AAD bound to owner and device; the device is pending for 10 minutes.
 * 3. The answer carries the `otpauth://` URI (the secret is in it: shown once, to its owner only).
 */
export async function startEnrolment(deps: EnrolDeps, principal: Principal) {
  assertPerson(principal);
  const now = deps.clock.now();
  const owner = ownerOf(principal);
  await assertMayManageDevices(deps, principal, owner);
  const devices = await deps.authenticators.list(owner);
  const active = devices.filter((d) => d.status === "active").length;
  const pending = devices.filter((d) => isUsablePending(d, now)).length;
  if (active >= maxAuthenticators || pending >= maxAuthenticators) {
    throw new ConflictError(`At most ${maxAuthenticators} authenticators: remove one first.`);
  }
  const deviceId = newDeviceId();
  const secret = deps.totp.newSecret();
  const expires = new Date(now.getTime() + pendingAuthenticatorMs);
  await deps.authenticators.createPending(owner, {
    deviceId,
    status: "pending",
    sealed: await deps.secretBox.seal(secret, authenticatorAad(owner, deviceId)),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(expires.getTime() / 1000),
  });
  const label = await accountLabel(deps, principal, owner);
  return { deviceId, otpauthUri: deps.totp.uri(secret, label), expiresAt: expires };
}

/** What the authenticator app shows: the Latchkey ID's email, or the school account's username at its school. */
async function accountLabel(deps: Pick<Deps, "users">, principal: UserPrincipal, owner: Owner) {
  if (isIdentityOwner(owner)) return owner.userId;
  const user = await deps.users.get(principal.tenantId, principal.userId);
  return `${user?.username ?? principal.userId} (${principal.tenantId})`;
}

type ConfirmDeps = EnrolDeps & Pick<Deps, "credentials" | "hasher" | "audit">;

const codeRefused = (detail: string) =>
  new ValidationError("The code was not accepted.", [{ pointer: "/code", detail }]);

/**
 * Activates a pending device with its name and a current code from it.
 * 1. The device must be pending and unexpired (404 otherwise); the code is checked under the owner's code lockout.
 * 2. One transaction activates it, claims the name (unique per owner, case-insensitively) and counts it (≤ 5).
 * 3. The code's step is recorded: it cannot sign anybody in afterwards.
 * 4. The first active device of an owner without recovery codes gets 10, returned once (stored as hashes).
 */
export async function confirmEnrolment(
  deps: ConfirmDeps,
  principal: Principal,
  input: { deviceId: string; name: string; code: string },
) {
  assertPerson(principal);
  const now = deps.clock.now();
  const owner = ownerOf(principal);
  await assertMayManageDevices(deps, principal, owner);
  const device = await deps.authenticators.get(owner, input.deviceId);
  if (!device || !isUsablePending(device, now)) throw new NotFoundError("Pending authenticator");
  let step: number | undefined;
  const outcome = await verifyWithLockout(
    deps,
    {
      tenantId: owner.tenantId,
      userId: owner.userId,
      kind: "totp-enrol",
      matches: async (code) => {
        const secret = await deps.secretBox.open(device.sealed, authenticatorAad(owner, device.deviceId));
        step = await deps.totp.verify(secret, code.trim(), now);
        return step !== undefined;
      },
    },
    input.code,
    now,
    { burnWhenLocked: false },
  );
  if (outcome === "locked") throw codeRefused("too many wrong codes: wait a minute and try again");
  if (outcome !== "passed" || step === undefined) throw codeRefused("not the current code of this device");
  const first = !(await deps.authenticators.hasActive(owner));
  const activated = await deps.authenticators.activate(
    owner,
    device.deviceId,
    input.name,
    step,
    maxAuthenticators,
    now,
  );
  if (activated === "gone") throw new NotFoundError("Pending authenticator");
  if (activated === "name-taken") {
    throw new ConflictError("You already have an authenticator with this name.", [
      { pointer: "/name", detail: "already used by another of your authenticators" },
    ]);
  }
  if (activated === "too-many") throw new ConflictError(`At most ${maxAuthenticators} authenticators.`);
  const account = { tenantId: principal.tenantId, userId: principal.userId };
  const actor = actorOf(principal);
  await recordOwnerEvent(deps, owner, account, {
    actor,
    action: "authenticator.enrolled",
    at: now,
    details: { deviceId: device.deviceId, name: input.name },
  });
  let recoveryCodes: string[] | undefined;
  if (first && (await deps.authenticators.recoveryCodesLeft(owner)) === 0) {
    recoveryCodes = await issueFirstRecoveryCodes(deps, owner, account, actor, now);
  }
  return {
    device: view({ ...device, status: "active", name: input.name, activatedAt: now.toISOString() }),
    recoveryCodes,
  };
}

/** A new set of recovery codes replaces the old one (void from now on); the codes are returned once. */
export async function issueRecoveryCodes(
  deps: Pick<Deps, "authenticators" | "audit">,
  owner: Owner,
  account: { tenantId: string; userId: string },
  actor: string,
  now: Date,
): Promise<string[]> {
  return (await storeRecoveryCodes(deps, owner, account, actor, now, {})) ?? [];
}

/**
 * The first set of recovery codes, stored only while the owner has none: of two first activations at once, one
 * shows its codes and the other none (undefined), so no set is shown that another silently voided.
 */
function issueFirstRecoveryCodes(
  deps: Pick<Deps, "authenticators" | "audit">,
  owner: Owner,
  account: { tenantId: string; userId: string },
  actor: string,
  now: Date,
): Promise<string[] | undefined> {
  return storeRecoveryCodes(deps, owner, account, actor, now, { onlyIfNone: true });
}

async function storeRecoveryCodes(
  deps: Pick<Deps, "authenticators" | "audit">,
  owner: Owner,
  account: { tenantId: string; userId: string },
  actor: string,
  now: Date,
  options: { onlyIfNone?: boolean },
): Promise<string[] | undefined> {
  const codes = generateRecoveryCodes();
  if (!(await deps.authenticators.replaceRecoveryCodes(owner, codes.map(hashRecoveryCode), now, options))) {
    return undefined;
  }
  await recordOwnerEvent(deps, owner, account, {
    actor,
    action: "recovery-codes.issued",
    at: now,
    details: { count: codes.length },
  });
  return codes;
}

/** A device as its owner sees it: never its secret. */
export function view(device: AuthenticatorDevice) {
  return {
    deviceId: device.deviceId,
    name: device.name ?? "",
    activatedAt: device.activatedAt ?? device.createdAt,
  };
}

/**
 * The owner's active devices, how many recovery codes are left, and this session's access: whether it gave a
 * second factor, and the roles withheld until it does (basic access) — what the security keys page tells them.
 */
export async function listAuthenticators(deps: Pick<Deps, "authenticators">, principal: Principal) {
  assertPerson(principal);
  const owner = ownerOf(principal);
  const [devices, recoveryCodesLeft] = await Promise.all([
    deps.authenticators.list(owner),
    deps.authenticators.recoveryCodesLeft(owner),
  ]);
  const active = devices.filter((d) => d.status === "active");
  return {
    items: active.map(view),
    recoveryCodesLeft,
    session: { secondFactor: principal.secondFactor ?? false, withheldRoles: principal.withheldRoles ?? [] },
  };
}
