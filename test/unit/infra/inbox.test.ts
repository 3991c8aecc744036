import { appendFile, mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { keepInbox } from "../../../infra/local/inbox.js";

/** The SES emulator's in-process store, as its server sees it. */
const sesStore = createRequire(import.meta.url)("aws-ses-v2-local/dist/store.js") as {
  getStoreReadonly: () => { emails: { messageId: string; at: number }[] };
  clearStore: () => void;
};
const email = (messageId: string) => ({ messageId, at: 1, subject: `About ${messageId}` });
const lines = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { messageId: string }).messageId);

beforeEach(() => sesStore.clearStore());

describe("the local SES inbox kept in the data folder", () => {
  it("appends mail as it arrives, loads it back into an empty emulator, and skips a line a crash cut short", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "inbox-")), "ses-inbox.jsonl");
    const first = await keepInbox(file, 10_000);
    sesStore.getStoreReadonly().emails.push(email("a"), email("b"));
    await first.stop();
    expect(await lines(file)).toEqual(["a", "b"]);

    await appendFile(file, '{"messageId":"torn'); // a crash mid-write
    sesStore.clearStore(); // a new process: an empty emulator
    const second = await keepInbox(file, 10_000);
    expect(sesStore.getStoreReadonly().emails.map((e) => e.messageId)).toEqual(["a", "b"]);
    sesStore.getStoreReadonly().emails.push(email("c"));
    await second.stop();
    expect(await lines(file)).toEqual(["a", "b", "c"]);
  });

  it("forgets the mail when the inbox is emptied (POST /clear-store)", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "inbox-")), "ses-inbox.jsonl");
    const kept = await keepInbox(file, 10_000);
    sesStore.getStoreReadonly().emails.push(email("a"));
    await kept.stop();
    const again = await keepInbox(file, 10_000);
    sesStore.clearStore();
    sesStore.getStoreReadonly().emails.push(email("z"));
    await again.stop();
    expect(await lines(file)).toEqual(["z"]);
  });
});
