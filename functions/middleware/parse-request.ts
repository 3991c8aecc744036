import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { z } from "zod";
import type { FieldError } from "../../lib/domain/errors.js";
import type { Contract } from "../../lib/endpoints/endpoint.js";
import { readPath } from "../../lib/topology/route-match.js";
import { forbiddenKeyPointer } from "./forbidden-keys.js";
import { HttpProblem } from "./problem-details.js";
import { unknownQueryParameters } from "./query-parameters.js";

/** Larger bodies are refused before parsing (API Gateway itself allows 10 MB). */
export const maxBodyBytes = 1024 * 1024;

const escapePointer = (segment: PropertyKey) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");

/** One entry per offending field, as JSON pointers (an unknown key is reported at its own path). */
const fieldErrors = (error: z.ZodError, prefix = ""): FieldError[] =>
  error.issues.flatMap((issue) => {
    const path = issue.path.map(escapePointer);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        pointer: `${prefix}/${[...path, escapePointer(key)].join("/")}`,
        detail: "unknown field",
      }));
    }
    return [{ pointer: `${prefix}/${path.join("/")}`, detail: issue.message }];
  });

function validate(schema: z.ZodType | undefined, value: unknown, where: string, prefix = "") {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpProblem(
    400,
    "invalid-request",
    "Invalid request",
    `The ${where} is not valid.`,
    fieldErrors(result.error, prefix),
  );
}

/**
 * Reads and validates path parameters, query and body against the route's contract. Refuses oversized bodies
 * (413), unsupported content types (415), malformed JSON (400) and schema violations, including unknown fields
 * and query parameters on every route, reads and writes alike (400 with one entry per field in `errors`), before
 * the handler runs: a refused request changes nothing.
 */
export function parseRequest(contract: Contract, event: APIGatewayProxyEventV2) {
  // The gateway already refuses such paths; should API Gateway ever normalise one into a route, it is refused here.
  const path = event.rawPath === undefined ? undefined : readPath(event.rawPath);
  if (path && "problem" in path) throw new HttpProblem(400, "bad-path", "Bad request", path.problem);
  const params = validate(contract.params, event.pathParameters ?? {}, "path", "#path");
  const unknown = unknownQueryParameters(contract.query, event.queryStringParameters);
  if (unknown.length > 0) {
    throw new HttpProblem(
      400,
      "invalid-request",
      "Invalid request",
      "The query string is not valid.",
      unknown.map((name) => ({ pointer: `#query/${escapePointer(name)}`, detail: "unknown parameter" })),
    );
  }
  const query = validate(contract.query, event.queryStringParameters ?? {}, "query string", "#query");
  if (!contract.body) return { params, query, body: undefined };

  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  if (raw.length > maxBodyBytes) {
    throw new HttpProblem(
      413,
      "too-large",
      "Content too large",
      `The body must not exceed ${maxBodyBytes} bytes.`,
    );
  }
  const mediaType = (event.headers?.["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (contract.csv && mediaType === "text/csv")
    return { params, query, body: undefined, csv: raw.toString("utf8") };
  if (mediaType !== "application/json" && !mediaType.endsWith("+json")) {
    const accepted = contract.csv ? "application/json or text/csv" : "application/json";
    throw new HttpProblem(415, "unsupported-media-type", "Unsupported media type", `Send ${accepted}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new HttpProblem(400, "malformed-json", "Malformed JSON", "The body is not valid JSON.");
  }
  const pointer = forbiddenKeyPointer(json);
  if (pointer) {
    throw new HttpProblem(400, "invalid-request", "Invalid request", "The body is not valid.", [
      { pointer, detail: "__proto__, constructor and prototype are not allowed as keys" },
    ]);
  }
  return { params, query, body: validate(contract.body, json, "body") };
}
