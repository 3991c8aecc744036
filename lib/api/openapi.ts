import * as z from "zod";
import { idempotencyKeyHeader, idempotencyRetentionSeconds } from "../domain/idempotency.js";
import type { Contract } from "../endpoints/endpoint.js";
import { endpoints } from "../endpoints/index.js";
import { problem } from "./schemas.js";

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 description from the endpoint declarations (method, path, zod contract). OpenAPI 3.1 uses JSON
 * Schema 2020-12, which is what zod emits; schemas with an `id` become shared components.
 */
export function openApiDocument(options: { serverUrl?: string } = {}) {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const emitted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
    // zod points shared schemas at `#/$defs/…`; OpenAPI keeps them under components.
    const json = JSON.parse(
      JSON.stringify(emitted).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [name, def] of Object.entries(json.$defs ?? {})) components[name] = def;
    const { $defs: _d, $schema: _s, ...rest } = json;
    if (typeof rest.id === "string") {
      components[rest.id] = { ...rest, id: undefined };
      return { $ref: `#/components/schemas/${rest.id}` };
    }
    return rest;
  };
  const problemRef = convert(problem, "output");
  const problemResponse = (description: string) => ({
    description,
    content: { "application/problem+json": { schema: problemRef } },
  });
  const pageResponse = (description: string) => ({
    description: `${description} (an HTML page)`,
    content: { "text/html": { schema: { type: "string" } } },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const contract: Contract = endpoint;
    const errorResponse = contract.page ? pageResponse : problemResponse;
    const parameters = [
      ...objectParameters(contract.params, "path", convert),
      ...objectParameters(contract.query, "query", convert),
      ...(contract.idempotent ? [idempotencyKeyParameter] : []),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(contract.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                [response.contentType ?? "application/json"]: { schema: convert(response.schema, "output") },
              },
            }
          : {}),
      };
    }
    responses["400"] = errorResponse("Malformed or invalid request");
    if (contract.auth === "required") {
      responses["401"] = errorResponse("Missing or invalid credentials");
      responses["403"] = errorResponse("Not allowed");
    }
    if (contract.params) responses["404"] = errorResponse("Not found (also for another tenant's ids)");
    if (contract.body) {
      responses["413"] = errorResponse("Body larger than 1 MB");
      responses["415"] = errorResponse("Unsupported content type");
      responses["422"] = errorResponse("Breaks a rule");
    }
    if (contract.idempotent) {
      responses["409"] = errorResponse(
        `A request with this ${idempotencyKeyHeader} is still in progress: retry later`,
      );
      responses["422"] = errorResponse(
        `Breaks a rule, or this ${idempotencyKeyHeader} was used with a different request`,
      );
    }
    responses["500"] = errorResponse("Unexpected error");
    paths[endpoint.path] ??= {};
    (paths[endpoint.path] as Record<string, unknown>)[endpoint.method.toLowerCase()] = {
      operationId: camel(endpoint.name),
      summary: contract.summary,
      tags: [contract.tag],
      ...(contract.auth === "required" ? { security: [{ apiKey: [] }, { session: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: {
                [contract.page ? "application/x-www-form-urlencoded" : "application/json"]: {
                  schema: convert(contract.body, "input"),
                },
                ...(contract.csv ? { "text/csv": { schema: { type: "string" } } } : {}),
              },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Latchkey",
      version: "1.0.0",
      description: "PIN and password administration for multi-tenant SaaS, schools first.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-Api-Key", description: "Tenant API key" },
        session: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "From POST /v1/sessions",
        },
      },
    },
  };
}

function objectParameters(
  schema: z.ZodType | undefined,
  location: "path" | "query",
  convert: (schema: z.ZodType, io: "input" | "output") => JsonSchema,
) {
  if (!schema) return [];
  const json = convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

/** The optional header of bulk starts (`Contract.idempotent`). */
const idempotencyKeyParameter = {
  name: idempotencyKeyHeader,
  in: "header",
  required: false,
  description: `Optional; recommended for every bulk start. A key of your own (1–255 printable ASCII, e.g. a UUID), new for each new request. Kept ${idempotencyRetentionSeconds / 3600} hours per caller and route: the same key with the same request returns the first answer again (status, body, Location; header Idempotent-Replayed: true) and starts nothing; with a different request 422; while the first is still running 409 (retry later). Only successful answers are kept: after an error, retry with the same key.`,
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7e]+$" },
};

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
