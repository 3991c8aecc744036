import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
/** Word lists are data, not code. */
const exempt = new Set(["lib/domain/words.ts"]);
const limit = 300;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("source files", () => {
  it(`stay within ${limit} lines outside tests and word lists (a longer file is a sign to split by concern)`, () => {
    const long = ["lib", "functions", "infra", "bench", "scripts"]
      .flatMap(sources)
      .map((path) => relative(root, join(root, path)))
      .filter((path) => !exempt.has(path))
      .map((path) => ({ path, lines: readFileSync(join(root, path), "utf8").split("\n").length - 1 }))
      .filter((file) => file.lines > limit);
    expect(long).toEqual([]);
  });
});
