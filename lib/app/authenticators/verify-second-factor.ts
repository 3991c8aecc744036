import { authenticatorAad, hashRecoveryCode } from "../../domain/authenticator.js";
import type { Owner } from "../../domain/identity.js";
import type { Deps } from "../deps.js";
import { verifyWithLockout } from "../verify-with-lockout.js";

export type SecondFactorAnswer = { code: string } | { recoveryCode: string };
export type SecondFactorResult =
  | { outcome: "passed"; method: "otp"; deviceId: string }
  | { outcome: "passed"; method: "recovery"; codesLeft: number }
  | { outcome: "failed" | "locked" | "unknown" };

export type SecondFactorDeps = Pick<
  Deps,
  "authenticators" | "totp" | "secretBox" | "credentials" | "hasher" | "audit" | "clock"
>;

/**
 * Checks an owner's second factor: a code of one of their active authenticators, or one of their recovery codes.
 * 1. Under the owner's own lockout for codes (`totp` counters: 5 bad answers lock, doubling), reserved before
 *    anything is evaluated.
 * 2. A code must match the current or the previous 30-second step of an active device, and that step must be newer
 *    than the device's last accepted one: the step is recorded with a conditional write (only a greater step wins),
 *    so a code is accepted at most once, however many requests or Lambda instances present it at the same time.
 * 3. A recovery code is used by a conditional removal of its hash: single use, whatever arrives at once.
 * 4. A recovery code's use is on the owner's history (the caller records the rest).
 * No owner without an active device passes, whatever it sends.
 */
export async function verifySecondFactor(
  deps: SecondFactorDeps,
  owner: Owner,
  answer: SecondFactorAnswer,
  now: Date,
): Promise<SecondFactorResult> {
  const devices = (await deps.authenticators.list(owner)).filter((d) => d.status === "active");
  if (devices.length === 0) return { outcome: "unknown" };
  let matched: string | undefined;
  const matches =
    "code" in answer
      ? async (code: string) => {
          for (const device of devices) {
            const secret = await deps.secretBox.open(device.sealed, authenticatorAad(owner, device.deviceId));
            const step = await deps.totp.verify(secret, code, now);
            if (step !== undefined && (await deps.authenticators.acceptStep(owner, device.deviceId, step))) {
              matched = device.deviceId;
              return true;
            }
          }
          return false;
        }
      : (code: string) => deps.authenticators.useRecoveryCode(owner, hashRecoveryCode(code));
  const secret = "code" in answer ? answer.code.trim() : answer.recoveryCode;
  const outcome = await verifyWithLockout(
    deps,
    { tenantId: owner.tenantId, userId: owner.userId, kind: "totp", matches },
    secret,
    now,
    { burnWhenLocked: false },
  );
  if (outcome !== "passed") return { outcome: outcome === "locked" ? "locked" : "failed" };
  if (matched) return { outcome: "passed", method: "otp", deviceId: matched };
  return {
    outcome: "passed",
    method: "recovery",
    codesLeft: await deps.authenticators.recoveryCodesLeft(owner),
  };
}
