import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);

type LocalAwsSqs = typeof import("local-aws-sqs");

/**
 * The exact text in local-aws-sqs 2.0.x where a message is hidden: on a receive *and* on ChangeMessageVisibility it
 * adds one to ApproximateReceiveCount. SQS counts receives only, so a consumer that spaces its retries with
 * ChangeMessageVisibility (`SqsRetryBackoff`) lost one receive per retry locally and was dead-lettered twice as
 * fast as in AWS.
 */
const countsEveryHide = "let n=Number(t.record.attributes.ApproximateReceiveCount)+1;";
const countsReceivesOnly = "let n=Number(t.record.attributes.ApproximateReceiveCount)+(i?0:1);";

let loaded: LocalAwsSqs | undefined;

/**
 * local-aws-sqs with its receive count fixed to SQS's rule (a visibility change is not a receive). The fix is a
 * one-line change to the package's bundle, compiled in memory as if it were the package (so its own requires
 * resolve as before); nothing on disk changes. If a new version no longer has that line, the
 * package is used unchanged (`fixed: false`) and `test/integration/retry-backoff.test.ts` says so.
 */
export function localAwsSqs(): LocalAwsSqs & { fixed: boolean } {
  if (!loaded) {
    const path = require.resolve("local-aws-sqs");
    const source = readFileSync(path, "utf8");
    if (source.includes(countsEveryHide)) {
      const internal = Module as unknown as {
        new (
          id: string,
        ): { filename: string; paths: string[]; exports: unknown; _compile(s: string, f: string): void };
        _nodeModulePaths(dir: string): string[];
      };
      const fixed = new internal(path);
      fixed.filename = path;
      fixed.paths = internal._nodeModulePaths(dirname(path));
      fixed._compile(source.replace(countsEveryHide, countsReceivesOnly), path);
      loaded = Object.assign(fixed.exports as LocalAwsSqs, { fixed: true });
    } else {
      loaded = Object.assign(require("local-aws-sqs") as LocalAwsSqs, { fixed: false });
    }
  }
  return loaded as LocalAwsSqs & { fixed: boolean };
}

export function createSqsServer(options: Parameters<LocalAwsSqs["createSqsServer"]>[0]): Promise<Server> {
  return localAwsSqs().createSqsServer(options);
}
