import type { AuthenticatorDevice } from "../../lib/domain/authenticator.js";
import type { Owner } from "../../lib/domain/identity.js";
import { foldCase } from "../../lib/domain/model.js";
import type { ActivationOutcome, AuthenticatorStore } from "../../lib/ports/authenticator-store.js";
import { CredentialItems } from "./credentials.js";
import { copy, tick } from "./support.js";

type OwnerItems = {
  devices: Map<string, AuthenticatorDevice>;
  names: Map<string, string>;
  active: number;
  recovery: Set<string>;
};

/** Devices, name claims, the active count and recovery codes per owner; each write atomic, as the adapter's. */
export class FakeAuthenticatorStore implements AuthenticatorStore {
  private readonly owners = new Map<string, OwnerItems>();

  /** Shares the credential items with the credential store: a pending device creates the code counters. */
  constructor(private readonly credentialItems = new CredentialItems()) {}

  private of(owner: Owner): OwnerItems {
    const key = `${owner.tenantId}|${owner.userId}`;
    let items = this.owners.get(key);
    if (!items) {
      items = { devices: new Map(), names: new Map(), active: 0, recovery: new Set() };
      this.owners.set(key, items);
    }
    return items;
  }

  async list(owner: Owner) {
    await tick();
    return [...this.of(owner).devices.values()].map(copy);
  }

  async get(owner: Owner, deviceId: string) {
    await tick();
    const device = this.of(owner).devices.get(deviceId);
    return device && copy(device);
  }

  async hasActive(owner: Owner) {
    await tick();
    return this.of(owner).active > 0;
  }

  async createPending(owner: Owner, device: AuthenticatorDevice) {
    await tick();
    const items = this.of(owner);
    if (items.devices.has(device.deviceId)) throw new Error("device exists");
    items.devices.set(device.deviceId, copy(device));
    for (const kind of ["totp", "totp-enrol"] as const) {
      if (this.credentialItems.get(kind, owner.tenantId, owner.userId)) continue;
      this.credentialItems.put(kind, owner.tenantId, owner.userId, { failures: 0, lockouts: 0 });
    }
  }

  async activate(
    owner: Owner,
    deviceId: string,
    name: string,
    step: number,
    max: number,
    now: Date,
  ): Promise<ActivationOutcome> {
    await tick();
    const items = this.of(owner);
    const device = items.devices.get(deviceId);
    if (device?.status !== "pending" || (device.expiresAt ?? 0) <= Math.floor(now.getTime() / 1000)) {
      return "gone";
    }
    if (items.names.has(foldCase(name))) return "name-taken";
    if (items.active >= max) return "too-many";
    items.names.set(foldCase(name), deviceId);
    items.active++;
    const { expiresAt: _expired, ...rest } = device;
    items.devices.set(deviceId, {
      ...rest,
      status: "active",
      name,
      activatedAt: now.toISOString(),
      lastStep: step,
    });
    return "activated";
  }

  async acceptStep(owner: Owner, deviceId: string, step: number) {
    await tick();
    const device = this.of(owner).devices.get(deviceId);
    if (device?.status !== "active" || (device.lastStep !== undefined && device.lastStep >= step))
      return false;
    device.lastStep = step;
    return true;
  }

  async remove(owner: Owner, deviceId: string) {
    await tick();
    const items = this.of(owner);
    const device = items.devices.get(deviceId);
    if (!device) return false;
    items.devices.delete(deviceId);
    if (device.status === "active") {
      if (device.name) items.names.delete(foldCase(device.name));
      items.active--;
    }
    return true;
  }

  async removeAll(owner: Owner) {
    let removed = 0;
    for (const device of await this.list(owner)) {
      if ((await this.remove(owner, device.deviceId)) && device.status === "active") removed++;
    }
    this.of(owner).recovery.clear();
    return removed;
  }

  async replaceRecoveryCodes(
    owner: Owner,
    hashes: readonly string[],
    _now: Date,
    options: { onlyIfNone?: boolean } = {},
  ) {
    await tick();
    if (options.onlyIfNone && this.of(owner).recovery.size > 0) return false;
    this.of(owner).recovery = new Set(hashes);
    return true;
  }

  async useRecoveryCode(owner: Owner, hash: string) {
    await tick();
    return this.of(owner).recovery.delete(hash);
  }

  async recoveryCodesLeft(owner: Owner) {
    await tick();
    return this.of(owner).recovery.size;
  }
}
