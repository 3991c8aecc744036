import { randomBytes } from "node:crypto";
import type { Credential, Operation, RequestPlan } from "./requests.js";

/** The test tenant's real credentials, and an expired but genuinely signed session. */
export type Credentials = {
  tenantId: string;
  apiKey: string;
  /** A fresh session of the tenant's site admin (minted per request: a fuzzed sign-out must not blind the rest). */
  session: () => Promise<string>;
  expiredSession: string;
  /** A page form token for this binding (`session:<id>` or `browser:<form key>`), as the pages issue them. */
  formToken: (binding: { session: string } | { formKey: string }) => Promise<string>;
};

export type BuiltRequest = { method: string; url: string; headers: Record<string, string>; body?: Buffer };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** A JWT with admin claims and a made-up signature: right shape, wrong key. */
const forgedJwt = (tenantId: string) =>
  `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({
    sub: "admin",
    tenantId,
    roles: ["site-admin"],
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.${randomBytes(32).toString("base64url")}`;

/** Percent-encodes like a careful client; a lone surrogate (which cannot be encoded) goes as its WTF-8 bytes. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, "%ED%A0%80").replace(/[^%\w.~-]/g, (c) => encodeURIComponent(c));
  }
}

async function credentialHeaders(credential: Credential, creds: Credentials, page: boolean) {
  const headers: Record<string, string> = {};
  let session: string | undefined;
  const bearer = (token: string) => {
    session = token;
    // Pages read the same session from their cookie; the API from the Authorization header.
    if (page) headers.cookie = `__Host-lk-session=${token}`;
    else headers.authorization = `Bearer ${token}`;
  };
  switch (credential) {
    case "apiKey":
      headers["x-api-key"] = creds.apiKey;
      break;
    case "session":
      bearer(await creds.session());
      break;
    case "apiKeyAndSession":
      headers["x-api-key"] = creds.apiKey;
      bearer(await creds.session());
      break;
    case "garbageBearer":
      bearer("not-a-token.%%%.\u00e9");
      break;
    case "forgedJwt":
      bearer(forgedJwt(creds.tenantId));
      break;
    case "expiredSession":
      bearer(creds.expiredSession);
      break;
    case "wrongApiKey":
      headers["x-api-key"] = `lk.${creds.tenantId}.${randomBytes(24).toString("base64url")}`;
      break;
    case "otherTenantShapedKey":
      headers["x-api-key"] = `lk.no-such-school.${randomBytes(24).toString("base64url")}`;
      break;
    case "none":
      break;
  }
  return { headers, session };
}

function bodyBytes(op: Operation, plan: RequestPlan, csrf?: string): Buffer | undefined {
  const body = plan.body;
  if (!body) return undefined;
  if (body.kind === "raw") {
    switch (body.raw) {
      case "notJson":
        return Buffer.from("this is { not json");
      case "badUtf8":
        return Buffer.from([
          0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x22, 0x7d,
        ]);
      case "empty":
        return Buffer.alloc(0);
      case "overLimit":
        return Buffer.from(`{"a":"${"x".repeat(1024 * 1024 + 16)}"}`);
      case "truncated":
        return Buffer.from('{"a": [1, 2, {"b": "');
    }
  }
  if (op.page) {
    const form = new URLSearchParams(csrf ? { csrf } : {});
    for (const [key, value] of Object.entries((body.value as Record<string, unknown>) ?? {})) {
      form.append(key, typeof value === "string" ? value : JSON.stringify(value));
    }
    return Buffer.from(form.toString());
  }
  return Buffer.from(JSON.stringify(body.value) ?? "null");
}

function contentType(op: Operation, plan: RequestPlan): string | undefined {
  const declared = op.body?.contentType ?? "application/json";
  switch (plan.contentType) {
    case "declared":
      return declared;
    case "missing":
      return undefined;
    case "textPlain":
      return "text/plain";
    case "multipart":
      return "multipart/form-data; boundary=----x";
    case "charsetParam":
      return `${declared}; charset=utf-8`;
    case "csv":
      return "text/csv";
  }
}

/** The HTTP request a plan describes, against `baseUrl`. */
export async function buildRequest(
  baseUrl: string,
  op: Operation,
  plan: RequestPlan,
  creds: Credentials,
): Promise<BuiltRequest> {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = plan.pathValues[name];
    if (!value) return "missing";
    return "raw" in value ? value.raw : encodeSegment(value.value);
  });
  const query = new URLSearchParams(plan.query);
  if (plan.extraQuery) query.append("unexpectedParam", "1");
  const search = query.toString();
  const { headers, session } = await credentialHeaders(plan.credential, creds, op.page);
  let csrf: string | undefined;
  if (op.page && op.method === "POST" && plan.csrf !== "missing") {
    if (plan.csrf === "forged") csrf = randomBytes(24).toString("base64url");
    else if (session) csrf = await creds.formToken({ session });
    else {
      // A browser before signing in: its form key cookie, and a token bound to it.
      const formKey = randomBytes(16).toString("base64url");
      headers.cookie = [headers.cookie, `__Host-lk-form=${formKey}`].filter(Boolean).join("; ");
      csrf = await creds.formToken({ formKey });
    }
  }
  const body = op.body ? bodyBytes(op, plan, csrf) : undefined;
  const type = body ? contentType(op, plan) : undefined;
  if (type) headers["content-type"] = type;
  return { method: op.method, url: `${baseUrl}${path}${search ? `?${search}` : ""}`, headers, body };
}
