import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);

type Email = { messageId: string; at: number };
type SesStore = { emails: Email[] };

/**
 * The SES emulator (aws-ses-v2-local) keeps sent mail only in memory and has no API to restore it, so after a
 * restart its inbox was empty while `/v1/emails` still listed what was sent. It runs in this process: this loads
 * the mail saved in `file` (JSON lines) into its store at start, appends what it received since (checked every
 * `everyMs`, and at stop) — so a kept data folder keeps the inbox. Appending keeps a bulk job's thousands of emails
 * cheap to keep; when the inbox is emptied (`POST /clear-store`) the file is rewritten. A line cut short by a crash
 * is skipped on load.
 */
export async function keepInbox(file: string, everyMs = 1000): Promise<{ stop(): Promise<void> }> {
  // The emulator's own store module: the same instance its server uses (one require cache).
  const { getStoreReadonly } = require("aws-ses-v2-local/dist/store.js") as {
    getStoreReadonly: () => SesStore;
  };
  const store = getStoreReadonly();
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const saved = text.split("\n").flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as Email] : [];
    } catch {
      return [];
    }
  });
  const present = new Set(store.emails.map((e) => e.messageId));
  store.emails.unshift(...saved.filter((e) => !present.has(e.messageId)));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, store.emails.map((e) => `${JSON.stringify(e)}\n`).join(""));

  let written = store.emails;
  let count = written.length;
  let writing = Promise.resolve();
  const save = () => {
    writing = writing.then(async () => {
      const emails = store.emails;
      const lines = (from: number) =>
        emails
          .slice(from)
          .map((e) => `${JSON.stringify(e)}\n`)
          .join("");
      // The same array, grown: append. Another array (the store was cleared) or a shorter one: rewrite.
      if (emails === written && emails.length >= count) await appendFile(file, lines(count));
      else await writeFile(file, lines(0));
      written = emails;
      count = emails.length;
    });
    return writing;
  };
  const changed = () => store.emails !== written || store.emails.length !== count;
  const timer = setInterval(() => {
    if (changed()) void save().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await writing.catch(() => undefined);
      if (changed()) await save();
    },
  };
}
