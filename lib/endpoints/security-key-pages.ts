import * as z from "zod";
import { plainName } from "../domain/plain-text.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const deviceId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
const code = z.string().trim().max(16);
const codeAccess = ["table:read", "table:write", "secret:session", "kms:data-key"] as const;

/**
 * The hosted security keys pages (CPOMS's Account settings → Security keys): the signed-in person's authenticator
 * apps and recovery codes — their Latchkey ID's when signed in with one — on the same use cases as
 * `/v1/me/authenticators`. Basic access suffices. Every POST carries the session's form token `csrf`.
 */
export const securityKeyPageEndpoints = endpoints({
  "security-keys-page": {
    method: "GET",
    path: "/security-keys",
    summary:
      "Page: your authenticator apps (never a secret), recovery codes left, and whether you have basic access",
    tag: "Pages",
    auth: "required",
    page: true,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Page: security keys", access: ["table:read", "secret:session"] },
  },
  "add-device-form": {
    method: "POST",
    path: "/security-keys/add",
    summary: "Page: add new device — the QR code (inline SVG) and key of a pending authenticator, shown once",
    tag: "Pages",
    auth: "required",
    page: true,
    responses: html("HTML page with the QR code and the name and code form; 409 page at 5 devices"),
    lambda: { description: "Page: add new device", access: codeAccess },
  },
  "confirm-device-form": {
    method: "POST",
    path: "/security-keys/confirm",
    summary: "Page: save this device — its name and current code; the first device shows recovery codes once",
    tag: "Pages",
    auth: "required",
    page: true,
    body: z.object({ deviceId, name: plainName(64), code }),
    responses: html("The recovery codes (first device) or 303 to security keys; or the form again"),
    lambda: { description: "Page: save this device", access: codeAccess },
  },
  "remove-device-form": {
    method: "POST",
    path: "/security-keys/remove",
    summary: "Page: remove one of your devices with a current code",
    tag: "Pages",
    auth: "required",
    page: true,
    body: z.object({ deviceId, code }),
    responses: html("303 to security keys; or the page again with the refusal"),
    lambda: { description: "Page: remove a device", access: codeAccess },
  },
  "recovery-codes-form": {
    method: "POST",
    path: "/security-keys/recovery-codes",
    summary: "Page: make new recovery codes with a current code (the old set stops working)",
    tag: "Pages",
    auth: "required",
    page: true,
    body: z.object({ code }),
    responses: html("The new codes, shown once; or the page again with the refusal"),
    lambda: { description: "Page: make new recovery codes", access: codeAccess },
  },
});
