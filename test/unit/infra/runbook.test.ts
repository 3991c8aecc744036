import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alarmRunbook } from "../../../infra/constructs/runbook.js";

const runbook = readFileSync(new URL("../../../docs/operations.md", import.meta.url), "utf8");

/** The anchors GitHub (and most Markdown renderers) give headings: lower case, punctuation dropped, spaces → -. */
const anchors = new Set(
  [...runbook.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading = ""]) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .replace(/\s/g, "-"),
  ),
);

describe("docs/operations.md", () => {
  it("has the section every alarm description links to", () => {
    for (const [entry, { anchor }] of Object.entries(alarmRunbook)) {
      expect(anchors, entry).toContain(anchor);
    }
    // The dashboard's first line links here.
    expect(anchors).toContain("read-the-dashboard");
  });

  it("covers deploying, SES, redrive, key rotation, restore, logs and traces", () => {
    for (const anchor of [
      "deploy",
      "configure-ses",
      "redrive-a-dead-letter-queue",
      "rotate-the-pepper-and-the-session-signing-key",
      "restore-the-table-from-point-in-time-recovery",
      "logs",
      "traces",
    ]) {
      expect(anchors).toContain(anchor);
    }
    expect(runbook).toContain("npm run operator -- redrive <queue> [--aws]");
    expect(runbook).toContain("-c alarmEmail=");
  });
});
