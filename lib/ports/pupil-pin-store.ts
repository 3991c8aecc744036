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

/** A stored PIN's status; `revision` changes with every write (absent on PINs written before it existed). */
export type PupilPinStatusRecord = Omit<PupilPinRecord, "hash"> & { revision?: string };

/** One conditional write: `expected` is the PIN the caller read (undefined: it read none). */
export type PupilPinWrite = { userId: string; record: PupilPinRecord; expected?: PupilPinStatusRecord };

/** Pupil PINs, one per pupil; attempt counters live on the same item (`CredentialStore`, kind `pupil-pin`). */
export interface PupilPinStore {
  get(tenantId: string, userId: string): Promise<PupilPinRecord | undefined>;
  /** Status, source and last change of many pupils (no hashes), by user id; pupils without a PIN are absent. */
  statusesOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, PupilPinStatusRecord>>;
  /** Replaces the PIN at once (the old one stops working) with fresh attempt counters. */
  put(tenantId: string, userId: string, record: PupilPinRecord): Promise<void>;
  /**
   * Writes each PIN only if the pupil's PIN is still the one the caller read (`expected`; none: still no PIN), so
   * a PIN a teacher set meanwhile is never overwritten; the user ids written.
   */
  writeIfUnchanged(tenantId: string, entries: readonly PupilPinWrite[]): Promise<string[]>;
}
