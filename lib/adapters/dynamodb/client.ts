import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ValidationError } from "../../domain/errors.js";
import { type SdkLimits, sdkClientOptions } from "../sdk-options.js";

export type DynamoOptions = { region: string; endpoint?: string; limits?: Partial<SdkLimits> };

/**
 * A document client that drops `undefined` attributes (optional fields stay absent, not null), and gives up on a
 * stuck table within about two seconds (`sdk-options.ts`).
 */
export function documentClient(options: DynamoOptions): DynamoDBDocumentClient {
  const local = options.endpoint ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {};
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    ...local,
    ...sdkClientOptions("dynamodb", options.limits),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** True when a DynamoDB call failed only because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "ConditionalCheckFailedException") return true;
  if (name === "TransactionCanceledException") {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === "ConditionalCheckFailed");
  }
  return false;
}

/** Runs a conditional write: true when written, false when its condition did not hold; other errors throw. */
export async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Opaque paging cursor: the base64url of DynamoDB's LastEvaluatedKey. */
export const cursor = {
  encode(key: Record<string, unknown> | undefined): string | undefined {
    return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
  },
  decode(value: string | undefined, expectedPk?: (key: Record<string, unknown>) => boolean) {
    if (!value) return undefined;
    try {
      const key = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Record<string, unknown>;
      if (typeof key !== "object" || key === null || (expectedPk && !expectedPk(key))) throw new Error("bad");
      return key;
    } catch {
      throw new InvalidCursorError();
    }
  },
};

export class InvalidCursorError extends ValidationError {
  constructor() {
    super("The cursor is not valid for this list.", [{ pointer: "/cursor", detail: "invalid cursor" }]);
  }
}
