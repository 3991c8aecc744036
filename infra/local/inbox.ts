import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);

type Email = { messageId: string; at: number };
type SesStore = { emails: Email[] };

/**
 * The SES emulator (aws-ses-v2-local) keeps sent mail only in memory and has no API to restore it, so after a
 * restart its inbox was empty while `/v1/emails` still listed what was sent. It runs in this process: this loads
 * the mail saved in `file` into its store at start, and saves the store whenever it grows (checked every
 * `everyMs`) and at stop — so a kept data folder keeps the inbox. Written to a temporary file and renamed, so a
 * crash mid-write never leaves a broken inbox.
 */
export async function keepInbox(file: string, everyMs = 1000): Promise<{ stop(): Promise<void> }> {
  // The emulator's own store module: the same instance its server uses (one require cache).
  const { getStoreReadonly } = require("aws-ses-v2-local/dist/store.js") as {
    getStoreReadonly: () => SesStore;
  };
  const store = getStoreReadonly();
  const saved = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Email[],
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  const present = new Set(store.emails.map((e) => e.messageId));
  store.emails.unshift(...saved.filter((e) => !present.has(e.messageId)));

  let written = store.emails.length;
  let writing = Promise.resolve();
  const save = () => {
    writing = writing.then(async () => {
      const emails = [...store.emails];
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(emails));
      await rename(`${file}.tmp`, file);
      written = emails.length;
    });
    return writing;
  };
  const timer = setInterval(() => {
    if (store.emails.length !== written) void save().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await writing.catch(() => undefined);
      if (store.emails.length !== written) await save();
    },
  };
}
