import type { PupilPinStatus } from "../domain/pupil-pin.js";

/** An early-years pupil's PIN: its keyed argon2id hash (never the PIN) and who last set it, when and how. */
export type PupilPinRecord = {
  hash: string;
  status: PupilPinStatus;
  /** How the PIN was made: the birthday default, random digits, or chosen by a teacher. */
  source: "birthday" | "random" | "chosen";
  /** The job that set it (bulk defaults or a class's random PINs): its one-time slips list only this job's PINs. */
  generation?: string;
  changedAt: string;
  /** `user:<id>` or `api-key:<id>` (see `actorOf`). */
  changedBy: string;
};

export type PupilPinStatusRecord = Omit<PupilPinRecord, "hash">;

/** Pupil PINs, one per pupil; attempt counters live on the same item (`CredentialStore`, kind `pupil-pin`). */
export interface PupilPinStore {
  get(tenantId: string, userId: string): Promise<PupilPinRecord | undefined>;
  /** Status, source and last change of many pupils (no hashes), by user id; pupils without a PIN are absent. */
  statusesOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, PupilPinStatusRecord>>;
  /** Replaces the PIN at once (the old one stops working) with fresh attempt counters. */
  put(tenantId: string, userId: string, record: PupilPinRecord): Promise<void>;
  /** Creates a PIN only where the pupil has none (never overwrites a changed PIN); the user ids created. */
  createMissing(
    tenantId: string,
    entries: readonly { userId: string; record: PupilPinRecord }[],
  ): Promise<string[]>;
}
