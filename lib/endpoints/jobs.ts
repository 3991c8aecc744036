import * as z from "zod";
import * as s from "../api/schemas.js";
import { endpoints } from "./endpoint.js";

/** Bulk jobs of every kind: progress, and the one-time report some of them leave. */
export const jobEndpoints = endpoints({
  "get-job": {
    method: "GET",
    path: "/v1/jobs/{jobId}",
    summary: "A bulk job's progress",
    tag: "Jobs",
    auth: "required",
    params: z.strictObject({ jobId: s.id }),
    responses: { 200: { description: "Job", schema: s.job } },
    lambda: { description: "Bulk job progress", access: ["table:read", "secret:session"] },
  },
  "get-job-report": {
    method: "GET",
    path: "/v1/jobs/{jobId}/report",
    summary:
      "A job's report as JSON, CSV or print-ready HTML: a regeneration's temporary passwords or a pupil-PIN job's PINs (one-time: the first retrieval consumes it), or a reset-email or email-verification job's members who got no email",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ jobId: s.id }),
    query: z.strictObject({ format: z.enum(["json", "csv", "html"]).default("json") }),
    responses: {
      200: {
        description: "The report (a one-time report's later retrievals: 410 Gone)",
        schema: z.union([
          z
            .object({
              kind: z.enum(["temporary-passwords", "pupil-pins"]),
              jobId: s.id,
              generatedAt: z.string(),
              groups: z.array(z.string()),
              retrievedAt: z.string(),
              rows: z.array(
                z.object({
                  generatedAt: z.string(),
                  forename: z.string(),
                  surname: z.string(),
                  username: z.string(),
                  group: z.string(),
                  dayOfBirth: z.string().optional(),
                  password: z.string().optional(),
                  pin: z.string().optional(),
                  void: z.string().optional(),
                }),
              ),
            })
            .meta({
              id: "SlipReport",
              description: "One-time: temporary passwords or pupil PINs to hand out",
            }),
          z
            .object({
              kind: z.enum(["reset-emails", "email-verifications"]),
              jobId: s.id,
              generatedAt: z.string(),
              groups: z.array(z.string()),
              emailed: z.number().int(),
              rows: z.array(
                z.object({
                  forename: z.string(),
                  surname: z.string(),
                  username: z.string(),
                  group: z.string(),
                  reason: z.string(),
                }),
              ),
            })
            .meta({
              id: "UnreachableReport",
              description:
                "A group-email job's members who got no email, and why (readable any number of times)",
            }),
        ]),
      },
    },
    lambda: {
      description: "A regeneration's one-time report",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
  },
});
