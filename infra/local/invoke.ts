import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { type FunctionName, functions } from "../../lib/topology/index.js";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<FunctionName, Promise<Handler>>();

/** Imports a function's entry module once, as Lambda does per execution environment. */
function load(name: FunctionName): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    const url = pathToFileURL(join(projectRoot, functions[name].entry)).href;
    handler = import(url).then((module: { handler?: Handler }) => {
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
export async function invoke(name: FunctionName, event: unknown): Promise<unknown> {
  const declaration = functions[name];
  const handler = await load(name);
  const deadline = Date.now() + declaration.timeoutSeconds * 1000;
  const requestId = randomUUID();
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
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
