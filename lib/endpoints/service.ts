import * as z from "zod";
import { endpoints } from "./endpoint.js";

/** The service itself: liveness, its own description, and its pages' stylesheet and script. */
export const serviceEndpoints = endpoints({
  health: {
    method: "GET",
    path: "/v1/health",
    summary: "Liveness check",
    tag: "Service",
    auth: "none",
    responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } },
    lambda: { description: "Liveness", access: [] },
  },
  openapi: {
    method: "GET",
    path: "/v1/openapi.json",
    summary: "This API description (OpenAPI 3.1)",
    tag: "Service",
    auth: "none",
    responses: { 200: { description: "OpenAPI document", schema: z.record(z.string(), z.unknown()) } },
    lambda: { description: "OpenAPI 3.1 description", access: [] },
  },
  asset: {
    method: "GET",
    path: "/assets/{file}",
    summary: "The pages' stylesheet and script, at content-hashed addresses (cached for a year)",
    tag: "Pages",
    auth: "none",
    page: true,
    params: z.strictObject({ file: z.string().regex(/^[\w.-]{1,64}$/) }),
    responses: { 200: { description: "CSS or JavaScript", contentType: "text/css" } },
    lambda: { description: "Pages' stylesheet and script", access: [] },
  },
});
