import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import { type Html, html, page, pageHeaders, problems, type Shell } from "../../lib/api/html.js";
import { AuthenticatorRequiredError, DomainError, TooManyAttemptsError } from "../../lib/domain/errors.js";
import type { Contract } from "../../lib/endpoints/endpoint.js";
import { isOutage, outageRetryAfterSeconds } from "../../lib/shared/outage.js";
import { readPath } from "../../lib/topology/route-match.js";
import { logger, metrics } from "../observability.js";
import { forbiddenKeyPointer } from "./forbidden-keys.js";
import { statusOf } from "./problem-details.js";
import { declaredQuery } from "./query-parameters.js";
import { observeRoute } from "./route-observation.js";

/** Forms are small; anything larger is refused unread (a contract may allow more: `maxFormBytes`). */
const maxFormBytes = 16 * 1024;

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type PageInput<C extends Contract> = {
  query: Infer<C["query"]>;
  form: Infer<C["body"]>;
  /** The client's address (API Gateway's `sourceIp`), for per-source limits. */
  sourceIp: string;
};

export type PageOutput = {
  status: number;
  title: string;
  body: Html;
  retryAfterSeconds?: number;
  /** The frame: the school's name (every page that knows its school should say it). */
  shell?: Shell;
};

/** A request the page cannot take: shown as a page, not as JSON. */
export class PageProblem extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join(" "));
  }
}

export function validate<S extends z.ZodType | undefined>(schema: S, value: unknown) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new PageProblem(
    400,
    result.error.issues.map((i) => `${i.path.join(".") || "form"}: ${i.message}`),
  );
}

export function readForm(event: APIGatewayProxyEventV2, limit = maxFormBytes): Record<string, string> {
  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  if (raw.length > limit) throw new PageProblem(413, ["The form is too large."]);
  const mediaType = (event.headers?.["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded") {
    throw new PageProblem(415, ["Send the form as application/x-www-form-urlencoded."]);
  }
  const form = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  if (forbiddenKeyPointer(form)) throw new PageProblem(400, ["The form has a field that is not allowed."]);
  return form;
}

/**
 * A path with dot segments or encoded separators is refused: the gateway already refuses them, and should API
 * Gateway ever normalise one into a page's route, the page refuses it too.
 */
export function assertRoutablePath(event: APIGatewayProxyEventV2) {
  const path = event.rawPath === undefined ? undefined : readPath(event.rawPath);
  if (path && "problem" in path) throw new PageProblem(400, [path.problem]);
}

/**
 * A form post from another site is refused before anything is read: current browsers say where a request comes
 * from in `Sec-Fetch-Site`, whatever the referrer policy (which makes `Origin` "null" on these pages).
 */
export function assertFromOwnPages(event: APIGatewayProxyEventV2) {
  if (event.requestContext?.http?.method !== "POST") return;
  const site = event.headers?.["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") {
    throw new PageProblem(403, ["This form was sent from another site."]);
  }
}

/**
 * Builds a Lambda handler for one of the service's HTML pages: the query (and, for a form post, the urlencoded
 * body) validated against the contract (a post from another site refused), the answer a whole page with strict headers; errors become pages too
 * (domain errors with their message, anything else a generic page).
 */
export function pageFunction<C extends Contract>(
  contract: C,
  handle: (input: PageInput<C>) => Promise<PageOutput>,
) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(observeRoute())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      let output: PageOutput;
      try {
        assertRoutablePath(event);
        assertFromOwnPages(event);
        const query = validate(contract.query, declaredQuery(contract.query, event.queryStringParameters));
        const form = contract.body ? validate(contract.body, readForm(event)) : undefined;
        output = await handle({
          query,
          form,
          sourceIp: event.requestContext?.http?.sourceIp ?? "",
        } as PageInput<C>);
      } catch (error) {
        output = errorPage(error);
      }
      metrics.addMetric(output.status < 500 ? "Page2xx4xx" : "Page5xx", MetricUnit.Count, 1);
      return {
        statusCode: output.status,
        headers: {
          ...pageHeaders,
          ...(output.retryAfterSeconds !== undefined && { "retry-after": String(output.retryAfterSeconds) }),
        },
        body: page(output.title, output.body, output.shell),
      };
    });
}

export function errorPage(error: unknown): PageOutput {
  if (error instanceof PageProblem) {
    return { status: error.status, title: "Something is not right", body: problems(error.messages) };
  }
  if (error instanceof AuthenticatorRequiredError) {
    // Basic access (the seed's higher-access users before their authenticator): say why, and where to add one.
    return {
      status: 403,
      title: "An authenticator is required",
      body: html`${problems([
        `Your ${error.withheldRoles.join(", ")} access needs two factors at this school: until then you have basic access only.`,
      ])}<p><a href="/security-keys">Add an authenticator app on the security keys page</a>, then sign out and sign in again with its code.</p>`,
    };
  }
  if (error instanceof DomainError) {
    return {
      status: statusOf(error),
      title: "Something is not right",
      body: problems([error.message]),
      ...(error instanceof TooManyAttemptsError && { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  logger.error("Page failed", { error: (error as Error).name, message: (error as Error).message });
  if (isOutage(error)) {
    // A dependency timed out or refused: the same form sent again shortly may well succeed.
    return {
      status: 503,
      title: "Briefly unavailable",
      body: html`<p>The service is briefly unavailable. Please try again in a few seconds.</p>`,
      retryAfterSeconds: outageRetryAfterSeconds,
    };
  }
  return {
    status: 500,
    title: "Something went wrong",
    body: html`<p>Something went wrong on our side. Please try again in a moment.</p>`,
  };
}
