import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { type client, staffPassword } from "./harness.js";

/**
 * A member of staff the roster created and an admin gave a temporary password (`POST /v1/users/{id}/temporary-
 * password`, as the school's site admin with their own password): the start of every first sign-in.
 */
export async function staffWithTemporaryPassword(
  runtime: LocalRuntime,
  api: ReturnType<typeof client>,
  tenant: { apiKey: string; tenantId: string },
  username: string,
) {
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      users: [
        {
          externalId: `X-${username}`,
          username,
          forename: "Sam",
          surname: "Page",
          userType: "staff",
          roles: ["staff"],
        },
      ],
    },
  });
  expect(imported.status).toBe(200);
  const user = await runtime.deps().users.findByUsername(tenant.tenantId, username);
  const userId = user?.userId as string;
  const admin = await api<{ token: string }>("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  const reset = await api<{ password: string }>("POST", `/v1/users/${userId}/temporary-password`, {
    token: admin.body.token,
    json: { password: staffPassword },
  });
  expect(reset.status).toBe(201);
  return { userId, username, temporaryPassword: reset.body.password };
}

/** A browser-like client without script: keeps cookies, follows nothing, sends what a same-origin form sends. */
export function pageClient(runtime: LocalRuntime) {
  const jar = new Map<string, string>();
  const origin = new URL(runtime.apiUrl).origin;
  async function request(method: "GET" | "POST", path: string, form?: Record<string, string>, headers = {}) {
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form && {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          "sec-fetch-site": "same-origin",
        }),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (attributes.some((a) => a.trim() === "Max-Age=0")) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await response.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(text)?.[1];
    return {
      status: response.status,
      location: response.headers.get("location"),
      text,
      csrf,
      setCookies,
      headers: response.headers,
    };
  }
  return { jar, get: (path: string) => request("GET", path), post: request.bind(null, "POST") };
}

/**
 * A `pageClient` signed in on the school's sign-in page, landed on the console (the school must not require two
 * factors of the user's roles: `createTestTenant` requires none).
 */
export async function signedInPageClient(
  runtime: LocalRuntime,
  tenantId: string,
  username: string,
  password = staffPassword,
) {
  const browser = pageClient(runtime);
  const form = await browser.get(`/sign-in?tenant=${tenantId}`);
  const answer = await browser.post("/sign-in", {
    csrf: form.csrf ?? "",
    tenant: tenantId,
    username,
    password,
  });
  expect(answer.location, `${username} signs in`).toBe("/console");
  return browser;
}

/** Disables a user as the school's MIS would (no API for it): every session of theirs fails on its next request. */
export async function disableUser(runtime: LocalRuntime, tenantId: string, userId: string) {
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  await db.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: keys.user(tenantId, userId),
      UpdateExpression: "SET #status = :disabled",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":disabled": "disabled" },
    }),
  );
}

/**
 * Adds an authenticator for the session's owner through the API, confirmed with the code of the step before now
 * (the app's previous code is still accepted), so a sign-in right after can use the current step's code.
 */
export async function enrolDevice(api: ReturnType<typeof client>, token: string, name = "My phone") {
  const started = await api<{ deviceId: string; otpauthUri: string }>("POST", "/v1/me/authenticators", {
    token,
  });
  expect(started.status).toBe(201);
  const confirmed = await api<{ recoveryCodes?: string[] }>(
    "POST",
    `/v1/me/authenticators/${started.body.deviceId}/confirm`,
    { token, json: { name, code: codeFromUri(started.body.otpauthUri, new Date(Date.now() - 30_000)) } },
  );
  expect(confirmed.status).toBe(201);
  return { uri: started.body.otpauthUri, recoveryCodes: confirmed.body.recoveryCodes ?? [] };
}

/** The 30-second step of now, and waiting for the step after one a code was used at (a code works once). */
export const totpStep = () => Math.floor(Date.now() / 30_000);
export async function stepAfter(used: number) {
  while (totpStep() <= used) await new Promise((resolve) => setTimeout(resolve, 250));
}
