import * as z from "zod";
import { endpoints } from "./endpoint.js";

/** The service itself: liveness and its own description. */
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
});
