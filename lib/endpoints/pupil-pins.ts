import * as z from "zod";
import * as s from "../api/schemas.js";
import { pupilPinLength } from "../domain/pupil-pin.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const pinDigits = z.number().int().min(pupilPinLength.min).max(pupilPinLength.max);

const defaultPinRule = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("birthday") }),
    z.strictObject({ kind: z.literal("random"), length: pinDigits }),
  ])
  .meta({
    id: "DefaultPinRule",
    description: "The pupil's birthday as DDMM (myUSO's default), or random digits (recommended: 6)",
  });

const earlyYears = z
  .object({
    enabled: z.boolean(),
    yearGroupIds: z.array(s.id),
    defaultPin: defaultPinRule,
    minLength: pinDigits,
    declaration: z
      .object({ version: z.string(), acceptedBy: z.string(), acceptedAt: z.string() })
      .optional()
      .meta({ description: "Who accepted the headteacher's declaration, when, and which version" }),
    declarationVersion: z.string().meta({
      description:
        "The declaration version the headteacher must accept for these settings; changing the year groups or the default rule after an acceptance gives a new one and pauses PIN login until it is accepted",
    }),
    revision: z.number().int().optional(),
  })
  .meta({ id: "EarlyYearsSettings" });

const withJob = z.object({ earlyYears, job: s.job.optional() });

const pinStatus = z
  .object({
    userId: s.id,
    status: z.literal("changed"),
    lastChangedAt: z.string(),
    lastChangedBy: z.string(),
  })
  .meta({ id: "PupilPinChange" });

/** Early-years pupil PINs (issue #4, myUSO): settings, class PINs, one pupil's PIN, and pupils signing in. */
export const pupilPinEndpoints = endpoints({
  "get-early-years": {
    method: "GET",
    path: "/v1/early-years",
    summary:
      "Early-years PIN login: settings, the declaration to accept, and whether class-teacher links exist",
    tag: "Early-years PINs",
    auth: "required",
    responses: {
      200: {
        description: "Settings",
        schema: earlyYears.extend({
          hasClassTeacherLinks: z.boolean(),
          currentDeclaration: z.object({ version: z.string(), text: z.string() }),
        }),
      },
    },
    lambda: { description: "Early-years PIN login settings", access: ["table:read", "secret:session"] },
  },
  "configure-early-years": {
    method: "PUT",
    path: "/v1/early-years",
    summary:
      "Choose the year groups, the default PIN rule and the minimum length (site admin or headteacher); enabled: false turns PIN login off",
    tag: "Early-years PINs",
    auth: "required",
    body: z.strictObject({
      yearGroupIds: z.array(s.id).max(20),
      defaultPin: defaultPinRule,
      minLength: pinDigits.default(pupilPinLength.min),
      enabled: z.literal(false).optional(),
    }),
    responses: {
      200: { description: "Saved; while enabled, a job gives PINs to pupils who have none", schema: withJob },
    },
    lambda: {
      description: "Configure early-years PIN login",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "accept-early-years-declaration": {
    method: "POST",
    path: "/v1/early-years/declaration",
    summary:
      "The headteacher accepts the declaration: early-years PIN login is enabled and default PINs created",
    tag: "Early-years PINs",
    auth: "required",
    body: z.strictObject({
      version: z.string().min(1).max(32),
      accept: z.literal(true).meta({ description: "Must be true: I accept the declaration" }),
    }),
    responses: { 202: { description: "Enabled; the default-PIN job is queued", schema: withJob } },
    lambda: {
      description: "Headteacher's declaration: enable early-years PINs",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "list-class-pupil-pins": {
    method: "GET",
    path: "/v1/classes/{groupId}/pupil-pins",
    summary:
      "A class's pupils with their PIN status (default/changed/none) and last change (who, by id and name); never a PIN. Its class teacher or a nominated contact; the headteacher and site admins to oversee",
    tag: "Early-years PINs",
    auth: "required",
    params: z.strictObject({ groupId: s.id }),
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: {
      200: {
        description: "A page of pupils",
        schema: z.object({
          group: z.object({ groupId: s.id, name: z.string() }),
          items: z.array(
            z.object({
              userId: s.id,
              username: z.string(),
              forename: z.string(),
              surname: z.string(),
              pinStatus: z.enum(["default", "changed", "none"]),
              lastChangedAt: z.string().optional(),
              lastChangedBy: z.string().optional(),
              lastChangedByName: z
                .string()
                .optional()
                .meta({ description: "Who lastChangedBy is, as a name (a person of the school)" }),
            }),
          ),
          cursor: z.string().optional(),
        }),
      },
    },
    lambda: { description: "A class's pupil PIN statuses", access: ["table:read", "secret:session"] },
  },
  "randomise-class-pupil-pins": {
    method: "POST",
    path: "/v1/classes/{groupId}/pupil-pins/random",
    summary: "Give every pupil of a class a new random PIN; print the one-time slips from the job's report",
    tag: "Early-years PINs",
    auth: "required",
    idempotent: true,
    params: z.strictObject({ groupId: s.id }),
    body: z.strictObject({ length: pinDigits.optional() }),
    responses: {
      202: {
        description: "Queued; poll the job, then GET /v1/jobs/{id}/report?format=html once",
        schema: s.job,
      },
    },
    lambda: {
      description: "Random PINs for a class (job)",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "change-pupil-pin": {
    method: "PUT",
    path: "/v1/pupils/{userId}/pin",
    summary: "Set a pupil's PIN (4–10 digits): their class teacher or a nominated contact; works at once",
    tag: "Early-years PINs",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: z.strictObject({ pin: z.string().min(1).max(32) }),
    responses: { 200: { description: "Changed", schema: pinStatus } },
    lambda: {
      description: "Set a pupil's PIN",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "randomise-pupil-pin": {
    method: "POST",
    path: "/v1/pupils/{userId}/pin/random",
    summary: "Give a pupil a new random PIN, shown in this answer only",
    tag: "Early-years PINs",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: z.strictObject({ length: pinDigits.optional() }),
    responses: {
      200: {
        description: "The new PIN (it cannot be looked up again)",
        schema: pinStatus.extend({ username: z.string(), pin: z.string() }),
      },
    },
    lambda: {
      description: "A random PIN for one pupil",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "create-pupil-session": {
    method: "POST",
    path: "/v1/pupil-sessions",
    summary: "A pupil signs in with their PIN, by username or by class and name",
    tag: "Sessions",
    auth: "none",
    body: z.union([
      z.strictObject({
        tenantId: z.string().min(1).max(64),
        username: z.string().min(1).max(128),
        pin: z.string().min(1).max(32),
      }),
      z.strictObject({
        tenantId: z.string().min(1).max(64),
        groupId: s.id,
        name: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .meta({ description: "Forename and surname, or the forename" }),
        pin: z.string().min(1).max(32),
      }),
    ]),
    responses: {
      201: {
        description:
          "Signed in. Any failure is the same 401; too many failures from this address, or at this school, in 15 minutes: 429 with Retry-After",
        schema: s.session,
      },
    },
    lambda: {
      description: "Pupil sign-in with a PIN",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
});
