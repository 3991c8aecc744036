import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endpoints } from "../../../lib/endpoints/index.js";
import { type Access, type FunctionName, functions } from "../../../lib/topology/index.js";

/**
 * A function's bundle holds the adapters (and SDK clients) of the wiring factories its entry module imports, and
 * CDK grants it its `access` list: the two must agree. Read from the source (no bundling), so it stays fast.
 */
const root = join(import.meta.dirname, "..", "..", "..");
const source = (path: string) => readFileSync(join(root, path), "utf8");

/** What each factory of `functions/wiring/` needs granted; a list of alternatives where any one is enough. */
const needs: Record<string, Record<string, readonly (Access | readonly Access[])[]>> = {
  dynamodb: {
    "*": ["table:read"],
  },
  sqs: {
    jobQueue: [["queue:fanout:send", "queue:work:send"]],
    outbox: ["queue:email:send"],
    // A consumer changes the visibility of its own queue's messages: the event source's grant covers it.
    retryBackoff: [],
  },
  ses: {
    mailer: ["ses:send"],
    sendingAccount: ["ses:send"],
    templatePublisher: ["ses:templates"],
  },
  secrets: {
    hasher: ["secret:pepper"],
    sessions: ["secret:session"],
    formTokens: ["secret:session"],
  },
  "secret-box": {
    secretBox: ["kms:data-key"],
  },
  authentication: {
    authentication: ["table:read", "secret:session"],
  },
  clock: { clock: [] },
  totp: { totp: [] },
  settings: { settings: [] },
  "not-granted": { notGranted: [] },
  // Counters on the invocation's metrics (published in its logs): nothing to grant.
  "service-metrics": { countEmailOutcomes: [], countEmailDeadLettered: [], countJobMessageDeadLettered: [] },
};

/** The names a module imports from the given folder prefix, as `module.name` (`a as b` counts as `a`). */
function importedFrom(text: string, prefix: string): string[] {
  const pattern = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*"${prefix}([\\w-]+)\\.js"`, "g");
  return [...text.matchAll(pattern)].flatMap(([, names = "", module = ""]) =>
    names
      .split(",")
      .map((name) => name.trim().split(/\s+as\s+/)[0] ?? "")
      .filter((name) => name && !name.startsWith("type "))
      .map((name) => `${module}.${name}`),
  );
}

/** The factories an entry module imports, as `module.name`. */
function factoriesOf(entry: string): string[] {
  return importedFrom(source(entry), "\\.\\.\\/wiring\\/");
}

/**
 * A wiring module not listed in `needs` composes the deps of one use case shared by several functions (e.g. the
 * API and its page): each of its exports needs what the factories it calls need.
 */
function composedOf(module: string, name: string): string[] | undefined {
  let text: string;
  try {
    text = source(`functions/wiring/${module}.ts`);
  } catch {
    return undefined;
  }
  const body = text.split(/\nexport const /).find((part) => part.startsWith(`${name} `));
  if (body === undefined) return undefined;
  return importedFrom(text, "\\.\\/").filter((factory) => {
    const called = factory.split(".")[1] ?? "";
    return new RegExp(`\\b${called}\\(`).test(body);
  });
}

function requiredBy(factory: string): readonly (Access | readonly Access[])[] {
  const [module = "", name = ""] = factory.split(".");
  const known = needs[module];
  if (!known) {
    const parts = composedOf(module, name);
    if (!parts) throw new Error(`${factory}: functions/wiring/${module}.ts is not known to this test`);
    return parts.flatMap(requiredBy);
  }
  const required = known[name] ?? known["*"];
  if (!required) throw new Error(`${factory}: not known to this test`);
  return required;
}

/** Access a declaration may list because one of its factories uses it (writes go with reads). */
function justified(access: Access, factories: readonly string[]): boolean {
  const provided = new Set(factories.flatMap((f) => requiredBy(f).flat()));
  if (access === "table:write") return provided.has("table:read");
  return provided.has(access);
}

const names = Object.keys(functions) as FunctionName[];

/** The SDK packages and adapter folders each wiring module (and each adapter folder) may load. */
const families: Record<string, RegExp> = {
  "functions/wiring/dynamodb.ts": /^(@aws-sdk\/(lib|client)-dynamodb|\.\.\/\.\.\/lib\/adapters\/dynamodb\/)/,
  "functions/wiring/sqs.ts": /^(@aws-sdk\/client-sqs|\.\.\/\.\.\/lib\/adapters\/(sqs\/|sdk-options))/,
  "functions/wiring/ses.ts": /^(@aws-sdk\/client-sesv2|\.\.\/\.\.\/lib\/adapters\/(ses\/|sdk-options))/,
  "functions/wiring/secrets.ts":
    /^\.\.\/\.\.\/lib\/adapters\/(crypto\/(argon2-hasher|jwt-session-issuer|hmac-form-tokens)|secrets\/secrets-manager)/,
  "functions/wiring/secret-box.ts":
    /^(@aws-sdk\/client-kms|\.\.\/\.\.\/lib\/adapters\/(crypto\/(envelope|local-data)|kms\/|sdk-options))/,
  "functions/wiring/local.ts": /^\.\.\/\.\.\/lib\/adapters\/secrets\/file-secret-source/,
  "lib/adapters/dynamodb": /^@aws-sdk\/(lib|client)-dynamodb$/,
  "lib/adapters/sqs": /^@aws-sdk\/client-sqs$/,
  "lib/adapters/ses": /^@aws-sdk\/client-sesv2$/,
  "lib/adapters/kms": /^@aws-sdk\/client-kms$/,
  "lib/adapters/secrets": /^@aws-lambda-powertools\/parameters\//,
  "lib/adapters/crypto": /^$/,
};

/** Modules a file loads (static or dynamic imports) that are SDK packages, adapters, or another adapter folder. */
function clientsLoadedBy(path: string): string[] {
  const specifiers = [...source(path).matchAll(/(?:from|import\()\s*"([^"]+)"/g)].map(([, s = ""]) => s);
  return specifiers.filter((s) =>
    /^@aws-(sdk|lambda-powertools\/parameters)|lib\/adapters\/|^\.\.\/(dynamodb|sqs|ses|kms|secrets|crypto)\//.test(
      s,
    ),
  );
}

describe("function wiring and access lists", () => {
  it("wire every function only from the factories of functions/wiring", () => {
    for (const name of names) {
      const text = source(functions[name].entry);
      expect(text, name).not.toMatch(/from\s*"@aws-sdk\//);
      expect(text, name).not.toMatch(/lib\/adapters\//);
      expect(text, name).not.toMatch(/wiring\/services\.js/);
    }
  });

  it("grant each function every access its factories need", () => {
    for (const name of names) {
      const granted: readonly Access[] = functions[name].access;
      for (const factory of factoriesOf(functions[name].entry)) {
        for (const need of requiredBy(factory)) {
          const anyOf: readonly Access[] = typeof need === "string" ? [need] : need;
          expect(
            anyOf.some((a) => granted.includes(a)),
            `${name} uses ${factory}, which needs ${anyOf.join(" or ")}`,
          ).toBe(true);
        }
      }
    }
  });

  it("grant each function no access its factories do not use", () => {
    for (const name of names) {
      const factories = factoriesOf(functions[name].entry);
      for (const access of functions[name].access) {
        expect(
          justified(access, factories),
          `${name} is granted ${access} but wires nothing that uses it`,
        ).toBe(true);
      }
    }
  });

  it("load in each wiring module and adapter folder only its own SDK client family", () => {
    for (const [place, allowed] of Object.entries(families)) {
      const files = place.endsWith(".ts")
        ? [place]
        : readdirSync(join(root, place)).map((file) => `${place}/${file}`);
      for (const file of files) {
        for (const loaded of clientsLoadedBy(file)) {
          expect(loaded, file).toMatch(allowed);
        }
      }
    }
  });

  it("take the authentication deps exactly on routes that require credentials", () => {
    for (const endpoint of endpoints) {
      const authenticated = factoriesOf(endpoint.lambda.entry).includes("authentication.authentication");
      expect(authenticated, endpoint.name).toBe(endpoint.auth === "required");
    }
  });

  it("keep the middleware free of adapters, so a page or public route carries none it does not name", () => {
    for (const file of readdirSync(join(root, "functions", "middleware"))) {
      const text = source(`functions/middleware/${file}`);
      expect(text, file).not.toMatch(/from\s*"\.\.\/wiring\//);
      expect(text, file).not.toMatch(/lib\/adapters\//);
    }
  });
});
