import type { AuthenticatorDevice } from "../domain/authenticator.js";
import type { Owner } from "../domain/identity.js";

export type ActivationOutcome = "activated" | "name-taken" | "too-many" | "gone";

/**
 * An owner's authenticator devices and recovery codes (under the owner's partition: a user account or a Latchkey
 * ID). Every change that a second request could race is one conditional write or transaction.
 */
export interface AuthenticatorStore {
  /** Every device of the owner (pending ones too, expired or not), strongly consistent. */
  list(owner: Owner): Promise<AuthenticatorDevice[]>;
  get(owner: Owner, deviceId: string): Promise<AuthenticatorDevice | undefined>;
  /** Whether the owner has at least one active device (one read). */
  hasActive(owner: Owner): Promise<boolean>;
  /** Stores a pending device, and makes sure the owner's code counters (`CredentialKind` `totp`) exist. */
  createPending(owner: Owner, device: AuthenticatorDevice): Promise<void>;
  /**
   * Activates a pending, unexpired device with its name and the step its confirming code matched, in one
   * transaction that claims the name (unique per owner) and counts it (never past `max` active devices).
   */
  activate(
    owner: Owner,
    deviceId: string,
    name: string,
    step: number,
    max: number,
    now: Date,
  ): Promise<ActivationOutcome>;
  /** Records `step` as the device's last accepted step only when it is greater: false when another got there. */
  acceptStep(owner: Owner, deviceId: string, step: number): Promise<boolean>;
  /** Removes a device (and its name and count when active); false when it was not there. */
  remove(owner: Owner, deviceId: string): Promise<boolean>;
  /** Removes every device and the recovery codes; the number of active devices removed. */
  removeAll(owner: Owner): Promise<number>;
  /**
   * Replaces the recovery code set (SHA-256 hashes): the old set is void. With `onlyIfNone`, only while the owner has
   * no unused code (the first set: of two first activations at once, one set is stored); false when refused.
   */
  replaceRecoveryCodes(
    owner: Owner,
    hashes: readonly string[],
    now: Date,
    options?: { onlyIfNone?: boolean },
  ): Promise<boolean>;
  /** Uses one recovery code (a conditional removal): true for exactly one of any number of parallel uses. */
  useRecoveryCode(owner: Owner, hash: string): Promise<boolean>;
  /** How many unused recovery codes the owner has. */
  recoveryCodesLeft(owner: Owner): Promise<number>;
}
