import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { defaultRouteFunction, type FunctionName, routes } from "../../lib/topology/index.js";
import { compileRoutes, decideRoute } from "../../lib/topology/route-match.js";
import { admit } from "./admission.js";
import { invoke } from "./invoke.js";

/** API Gateway HTTP APIs accept at most 10 MB; the functions themselves refuse more than 1 MB. */
const gatewayPayloadLimit = 10 * 1024 * 1024;
const textTypes = /^(text\/|application\/(json|[\w.+-]*\+json|xml|x-www-form-urlencoded|javascript))/i;

const table = compileRoutes(routes);

/**
 * Finds the route for a request the way API Gateway does: method + path template, on the path as sent. A path
 * that must never be routed (dot segments, encoded slashes, bad percent-encoding) matches nothing.
 */
export function matchRoute(method: string, rawPath: string) {
  const decision = decideRoute(table, method, rawPath);
  return decision.kind === "route" ? { route: decision.route, params: decision.params } : undefined;
}

/**
 * Serves every route of the topology by invoking the real handler with an API Gateway HTTP API (payload 2.0)
 * event, and writes its result back as API Gateway would.
 */
export function startGateway(port: number, log: (line: string) => void): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res, log).catch((error: Error) => {
      log(`gateway error: ${error.message}`);
      if (!res.headersSent)
        send(res, 500, { "content-type": "application/json" }, '{"message":"Internal Server Error"}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is in use; pass --port to choose another`)
          : error,
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, log: (line: string) => void) {
  // The path exactly as sent: `new URL()` would resolve `..` and turn `\\` into `/` before routing.
  const target = req.url ?? "/";
  const queryAt = target.indexOf("?");
  const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? "" : target.slice(queryAt + 1);
  const method = (req.method ?? "GET").toUpperCase();
  const decision = decideRoute(table, method, rawPath);
  // What no route serves goes to the `$default` route's function, as on the HTTP API.
  const found =
    decision.kind === "route"
      ? {
          function: decision.route.function as FunctionName,
          routeKey: `${decision.route.method} ${decision.route.path}`,
          params: decision.params,
        }
      : { function: defaultRouteFunction, routeKey: "$default", params: {} };

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > gatewayPayloadLimit) {
      return send(
        res,
        413,
        { "content-type": "application/json", connection: "close" },
        '{"message":"Request Entity Too Large"}',
      );
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie")
      headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery))
    query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const text = textTypes.test(headers["content-type"] ?? "");
  const now = new Date();
  const routeKey = found.routeKey;
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: rawQuery,
    cookies: req.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(found.params).length ? found.params : undefined,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: raw.length ? raw.toString(text ? "utf8" : "base64") : undefined,
    isBase64Encoded: raw.length > 0 && !text,
  };
  const started = Date.now();
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = normalise(await admit(() => invoke(found.function, event)));
  } catch (error) {
    log(`${found.function} failed: ${(error as Error).message}`);
    result = {
      statusCode: 500,
      headers: { "content-type": "application/json" },
      body: '{"message":"Internal Server Error"}',
    };
  }
  log(`${method} ${rawPath} → ${result.statusCode} (${Date.now() - started} ms)`);
  const outHeaders: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) outHeaders["set-cookie"] = result.cookies;
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  send(res, result.statusCode ?? 200, outHeaders, body);
}

/** Payload format 2.0: a result without `statusCode` is a 200 JSON body. */
function normalise(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (result && typeof result === "object" && "statusCode" in result)
    return result as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: typeof result === "string" ? result : JSON.stringify(result ?? null),
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: string | Buffer,
) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
