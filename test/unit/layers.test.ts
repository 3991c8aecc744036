import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseResult, type IForbiddenRuleType } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

// The project's own rules (`npm run lint:layers` applies them to lib, functions and infra).
const { forbidden } = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as {
  forbidden: IForbiddenRuleType[];
};

const root = mkdtempSync(join(tmpdir(), "latchkey-layers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let tree = 0;

/** Cruises a small made-up tree (path → source) with the project's rules; returns the violated rule names. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const base = join(root, `tree-${tree++}`);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), source);
  }
  const result = await cruise(Object.keys(files), {
    baseDir: base,
    ruleSet: { forbidden },
    validate: true,
    tsPreCompilationDeps: true,
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => v.rule.name).sort();
}

const pureRule = "export const rule = () => 1;\n";

describe("layer rules", () => {
  it("accepts the intended direction: entry point → use case → domain and ports; adapter → port", async () => {
    expect(
      await violations({
        "lib/domain/rule.ts": pureRule,
        "lib/shared/help.ts": "export const help = 1;\n",
        "lib/ports/store.ts":
          'import type { rule } from "../domain/rule.js";\nexport type Store = typeof rule;\n',
        "lib/app/cap/use.ts":
          'import { rule } from "../../domain/rule.js";\nimport type { Store } from "../../ports/store.js";\nimport { help } from "../../shared/help.js";\nexport const use = (s: Store) => rule() + help + s();\n',
        "lib/adapters/db/store.ts":
          'import type { Store } from "../../ports/store.js";\nexport const store: Store = () => 1;\n',
        "functions/http/f.ts":
          'import { use } from "../../lib/app/cap/use.js";\nimport { store } from "../../lib/adapters/db/store.js";\nexport const handler = () => use(store);\n',
      }),
    ).toEqual([]);
  });

  it("fails when the domain imports an adapter, a port or the AWS SDK", async () => {
    expect(
      await violations({
        "lib/adapters/db/x.ts": "export const x = 1;\n",
        "lib/ports/p.ts": "export type P = number;\n",
        "lib/domain/rule.ts":
          'import { x } from "../adapters/db/x.js";\nimport type { P } from "../ports/p.js";\nimport { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nexport const rule = (p: P) => [x, p, DynamoDBClient];\n',
      }),
    ).toEqual(["domain-is-pure", "domain-is-pure", "domain-is-pure"]);
  });

  it("fails when a use case imports an adapter, the HTTP edge or the configuration", async () => {
    expect(
      await violations({
        "lib/adapters/db/x.ts": "export const x = 1;\n",
        "lib/api/views.ts": "export const view = 1;\n",
        "lib/config.ts": "export const config = 1;\n",
        "lib/app/cap/use.ts":
          'import { x } from "../../adapters/db/x.js";\nimport { view } from "../../api/views.js";\nimport { config } from "../../config.js";\nexport const use = x + view + config;\n',
      }),
    ).toEqual(["app-uses-ports-not-adapters", "app-uses-ports-not-adapters", "app-uses-ports-not-adapters"]);
  });

  it("fails when an adapter calls a use case", async () => {
    expect(
      await violations({
        "lib/app/cap/use.ts": "export const use = 1;\n",
        "lib/adapters/db/x.ts": 'import { use } from "../../app/cap/use.js";\nexport const x = use;\n',
      }),
    ).toEqual(["adapters-no-use-cases"]);
  });

  it("fails on an import cycle", async () => {
    expect(
      await violations({
        "lib/domain/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
        "lib/domain/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      }),
    ).toEqual(["no-circular"]);
  });

  it("fails when a handler or an adapter imports the list of every endpoint", async () => {
    expect(
      await violations({
        "lib/endpoints/index.ts": "export const endpoints = [];\n",
        "lib/topology/index.ts": "export const functions = {};\n",
        "functions/http/f.ts":
          'import { endpoints } from "../../lib/endpoints/index.js";\nexport const handler = endpoints;\n',
        "lib/adapters/db/x.ts":
          'import { functions } from "../../topology/index.js";\nexport const x = functions;\n',
      }),
    ).toEqual(["no-gatherers-in-functions", "no-gatherers-in-functions"]);
  });

  it("fails when lib imports a Lambda entry point", async () => {
    expect(
      await violations({
        "functions/http/f.ts": "export const handler = 1;\n",
        "lib/api/x.ts": 'import { handler } from "../../functions/http/f.js";\nexport const x = handler;\n',
      }),
    ).toEqual(["lib-not-to-entry-points"]);
  });
});
