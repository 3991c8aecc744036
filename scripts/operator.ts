import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createIdentity } from "../lib/app/operator/create-identity.js";
import { createApiKey, createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import { DomainError } from "../lib/domain/errors.js";
import { redriveCommand, redriveQueue, redriveUsage } from "./redrive.js";

/**
 * The platform operator's path (never exposed over HTTP): create tenants, issue tenant API keys and create a
 * tenant's first site admin.
 *
 *   npm run operator -- create-tenant --tenant oakfield --name "Oakfield Primary" [--environment-name "Oakfield"]
 *   npm run operator -- create-api-key --tenant oakfield --name "MIS sync"
 *   npm run operator -- create-admin --tenant oakfield --username head --forename Helen --surname Fair [--email …]
 *   npm run operator -- create-identity --email jo@trust.example --schools oakfield,riverside
 *   npm run operator -- redrive work      (moves the queue's dead letters back to it: scripts/redrive.ts)
 *
 * Targets the running local service by default (it writes `.latchkey/env.json`). With `--aws`, it uses this
 * process's environment instead: set the variables `lib/config.ts` reads from the stacks' outputs (see README).
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    aws: { type: "boolean", default: false },
    "state-dir": { type: "string", default: join(import.meta.dirname, "..", ".latchkey") },
    tenant: { type: "string" },
    name: { type: "string" },
    "environment-name": { type: "string" },
    username: { type: "string" },
    forename: { type: "string" },
    surname: { type: "string" },
    email: { type: "string" },
    schools: { type: "string" },
  },
});

const required = (key: keyof typeof values): string => {
  const value = values[key];
  if (typeof value !== "string" || !value) throw new Error(`--${key} is required`);
  return value;
};

const queue = positionals[0] === "redrive" ? redriveQueue(positionals[1]) : undefined;
if (positionals[0] === "redrive" && (!queue || positionals.length > 2)) {
  console.error(redriveUsage);
  process.exit(2);
}

// This CLI is one process, not a Lambda execution environment: when started from a process that emulates Lambda's
// concurrent invocations (the local runtime sets this), Powertools would look for a per-invocation store.
delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;

if (!values.aws) {
  const file = join(values["state-dir"], "env.json");
  const env = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as Record<string, string>;
  if (!env.TABLE_NAME) {
    console.error(`No running local service (${file} is missing): run npm start first, or pass --aws.`);
    process.exit(2);
  }
  Object.assign(process.env, env);
}
const { services } = await import("../functions/wiring/services.js");
const deps = services();

try {
  switch (positionals[0]) {
    case "create-tenant": {
      const tenant = await createTenant(deps, {
        tenantId: required("tenant"),
        name: required("name"),
        environmentName: values["environment-name"],
      });
      console.log(JSON.stringify(tenant, null, 2));
      break;
    }
    case "create-api-key": {
      const key = await createApiKey(deps, { tenantId: required("tenant"), name: required("name") });
      console.log(`API key for ${values.tenant} (shown once, only its SHA-256 is stored):\n${key.apiKey}`);
      break;
    }
    case "create-admin": {
      const password = randomBytes(15).toString("base64url");
      const user = await createUserWithPassword(deps, {
        tenantId: required("tenant"),
        username: required("username"),
        forename: required("forename"),
        surname: required("surname"),
        email: values.email,
        emailVerified: false,
        userType: "staff",
        roles: ["site-admin", "staff"],
        password,
      });
      console.log(`Site admin ${user.username} (${user.userId}) created. Password (shown once): ${password}`);
      break;
    }
    case "create-identity": {
      const result = await createIdentity(deps, {
        email: required("email"),
        tenantIds: required("schools")
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      });
      console.log(JSON.stringify(result, null, 2));
      if (result.noAccount.length > 0) {
        console.error(`No account with this email (nothing created there): ${result.noAccount.join(", ")}`);
      }
      break;
    }
    case "redrive": {
      const result = await redriveCommand(queue ?? "work", process.env, console.log);
      if (result.status !== "COMPLETED") process.exitCode = 1;
      break;
    }
    default:
      console.error(
        "usage: npm run operator -- create-tenant|create-api-key|create-admin|create-identity|redrive [--aws] …",
      );
      process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof DomainError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}
