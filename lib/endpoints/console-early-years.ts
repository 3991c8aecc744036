import * as z from "zod";
import * as s from "../api/schemas.js";
import { idempotencyKeyField } from "../domain/idempotency.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const read = ["table:read", "secret:session"] as const;
const job = ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"] as const;
const pin = ["table:read", "table:write", "secret:pepper", "secret:session"] as const;
const done = z.object({ done: z.string().max(32).optional() });
const classParams = z.strictObject({ groupId: s.id });
const pupilParams = z.strictObject({ groupId: s.id, userId: s.id });
const digits = z.string().trim().max(32);

/**
 * The console's Early years logins (myUSO) screens (`lib/api/console/nav.ts` lists them): the status and class
 * selector, the headteacher's declaration, year groups and the default PIN rule, and a class's PINs. On the same
 * use cases as `/v1/early-years` and the pupil-PIN routes; every POST carries the form token `csrf` and answers
 * with a 303 to the screen and a fixed `?done=` message (a new random PIN is the one page answering a POST).
 */
export const consoleEarlyYearsEndpoints = endpoints({
  "console-early-years-home": {
    method: "GET",
    path: "/console/early-years",
    summary: "Console: early years — declaration status, settings summary and the class selector",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.object({ done: z.string().max(32).optional(), class: s.id.optional() }),
    responses: html("HTML page; 303 to a class chosen with the selector (?class=), or to sign in"),
    lambda: { description: "Console: early years", access: read },
  },
  "console-early-years-declaration": {
    method: "GET",
    path: "/console/early-years/declaration",
    summary: "Console: the headteacher's declaration (others see whether and by whom it was accepted)",
    tag: "Console",
    auth: "required",
    page: true,
    query: done,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: early-years declaration", access: read },
  },
  "console-early-years-accept": {
    method: "POST",
    path: "/console/early-years/declaration",
    summary: "Console: the headteacher accepts the declaration (early-years PIN login on, default PINs made)",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ version: z.string().min(1).max(32), accept: z.literal("yes").optional() }),
    responses: html("303 to the declaration; 403/409/422 pages"),
    lambda: { description: "Console: accept the early-years declaration", access: job },
  },
  "console-early-years-settings": {
    method: "GET",
    path: "/console/early-years/settings",
    summary: "Console: early-years year groups, default PIN rule and minimum length",
    tag: "Console",
    auth: "required",
    page: true,
    query: done,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: early-years settings", access: read },
  },
  "console-early-years-save-settings": {
    method: "POST",
    path: "/console/early-years/settings",
    summary: "Console: save the year groups (fields year-<groupId>=on), default rule and minimum length",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.looseObject({
      rule: z.enum(["birthday", "random"]),
      length: z
        .string()
        .regex(/^\d{0,2}$/)
        .optional(),
      minLength: z.string().regex(/^\d{1,2}$/),
      enabled: z.enum(["on", "off"]).optional(),
    }),
    responses: html("303 to the settings; the form again with the refusal"),
    lambda: { description: "Console: save early-years settings", access: job },
  },
  "console-early-years-class": {
    method: "GET",
    path: "/console/early-years/classes/{groupId}",
    summary: "Console: a class's pupils with PIN status, who changed it (a name) and when; Change PIN",
    tag: "Console",
    auth: "required",
    page: true,
    params: classParams,
    query: z.object({ done: z.string().max(32).optional(), pupil: s.id.optional() }),
    responses: html("HTML page, or 303 to sign in; 403/404/409 pages"),
    lambda: { description: "Console: a class's pupil PINs", access: read },
  },
  "console-early-years-change-pin": {
    method: "POST",
    path: "/console/early-years/classes/{groupId}/pupils/{userId}/pin",
    summary: "Console: set a pupil's PIN (the box and Update); refusals shown on the class page",
    tag: "Console",
    auth: "required",
    page: true,
    params: pupilParams,
    body: z.object({ pin: digits }),
    responses: html("303 to the class with a confirmation; the class page with the refusal (422)"),
    lambda: { description: "Console: change a pupil's PIN", access: pin, ...hashing },
  },
  "console-early-years-random-pin": {
    method: "POST",
    path: "/console/early-years/classes/{groupId}/pupils/{userId}/random-pin",
    summary: "Console: a random PIN for one pupil, shown once on a printable slip",
    tag: "Console",
    auth: "required",
    page: true,
    params: pupilParams,
    responses: html("The slip with the new PIN (this answer only)"),
    lambda: { description: "Console: a random PIN for one pupil", access: pin, ...hashing },
  },
  "console-early-years-random-class": {
    method: "POST",
    path: "/console/early-years/classes/{groupId}/random-pins",
    summary: "Console: random PINs for the whole class (a job) → 303 to the job's page",
    tag: "Console",
    auth: "required",
    page: true,
    params: classParams,
    body: z.object({ confirm: z.literal("yes").optional(), idempotencyKey: idempotencyKeyField.optional() }),
    responses: html("303 to /console/jobs/{jobId}"),
    lambda: { description: "Console: random PINs for a class", access: job },
  },
});
