import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InvokeStore, InvokeStoreBase } from "@aws/lambda-invoke-store";
import type { Context } from "aws-lambda";
import { type FunctionName, functions } from "../../lib/topology/index.js";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Lambda runs one invocation per environment, so Powertools keeps one logger's keys and context and one metrics
 * buffer per process; here many invocations share this process. Lambda Managed Instances have the same problem and
 * Powertools solves it: with `AWS_LAMBDA_MAX_CONCURRENCY` set, Logger and Metrics keep their per-invocation state
 * (Lambda context, appended keys, metrics, dimensions) in the runtime's InvokeStore, one AsyncLocalStorage context
 * per invocation — which `invoke` opens, as the Lambda runtime does. Without it, one request's tenantId or function
 * name leaks into another's log lines.
 */
const invokeStore = InvokeStore.getInstanceAsync(true).then(withProcessContext);

/**
 * Outside any invocation (a seed, a test calling a use case, the operator CLI) the store has no context and
 * Powertools would throw "No context available" on its first log line. There, as in Lambda's init phase, one
 * process-wide context serves; inside an invocation its own context does.
 */
function withProcessContext(store: InvokeStoreBase): InvokeStoreBase {
  const outside: Record<string | symbol, unknown> = {};
  const wrapped = Object.create(store) as InvokeStoreBase;
  wrapped.get = <T>(key: string | symbol) => (store.hasContext() ? store.get<T>(key) : (outside[key] as T));
  wrapped.set = <T>(key: string | symbol, value: T) => {
    if (store.hasContext()) store.set(key, value);
    else outside[key] = value;
  };
  globalThis.awslambda = { ...globalThis.awslambda, InvokeStore: wrapped };
  // Only now: until the store is in place, Powertools keeps its process-wide state (nothing runs before it).
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= "64";
  return store;
}
const loaded = new Map<FunctionName, Promise<Handler>>();

/** Imports a function's entry module once, as Lambda does per execution environment. */
function load(name: FunctionName): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    const url = pathToFileURL(join(projectRoot, functions[name].entry)).href;
    // The init phase has a context of its own: Powertools' module-level setup (default dimensions) writes to it.
    const init = { [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: `init-${name}` };
    handler = invokeStore
      .then((store) => store.run(init, () => import(url)))
      .then((module: { handler?: Handler }) => {
        if (typeof module.handler !== "function")
          throw new Error(`${functions[name].entry} exports no handler`);
        return module.handler;
      });
    loaded.set(name, handler);
  }
  return handler;
}

export class FunctionTimeoutError extends Error {}

/**
 * Invokes a function's real handler with a Lambda-like context, and fails the invocation when it runs past the
 * function's configured timeout (as Lambda would).
 */
export async function invoke(
  name: FunctionName,
  event: unknown,
  options: { requestId?: string } = {},
): Promise<unknown> {
  const declaration = functions[name];
  const handler = await load(name);
  const deadline = Date.now() + declaration.timeoutSeconds * 1000;
  const requestId = options.requestId ?? randomUUID();
  const context: Context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `latchkey-local-${name}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:latchkey-local-${name}`,
    memoryLimitInMB: String(declaration.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/latchkey-local-${name}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeoutError(`${name} timed out after ${declaration.timeoutSeconds} s`)),
      declaration.timeoutSeconds * 1000,
    );
  });
  try {
    const store = await invokeStore;
    const scope = { [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId };
    return await store.run(scope, () => Promise.race([handler(event, context), timeout]));
  } finally {
    clearTimeout(timer);
  }
}
