import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  idempotencyRetentionSeconds,
} from "../../domain/idempotency.js";
import type { IdempotencyStore, IdempotentCall, Json } from "../../ports/idempotency-store.js";
import { keys } from "./keys.js";

type Payload = { key: string; fingerprint: unknown };
type Answer<T> = { value: T; replayed: boolean };

/**
 * Powertools Idempotency on the one table: `makeIdempotent` with a `DynamoDBPersistenceLayer` per call, whose
 * partition is the tenant's (`keys.idempotencyRecord`), TTL attribute `expiresAt`, SHA-256 digests of the key and of
 * the request (payload validation), and the "in progress" lease of the function's timeout. The library checks the
 * expiry on every read and write itself (an expired record counts as absent), so DynamoDB's late TTL deletion and
 * DynamoDB Local's none never keep a key alive. Its errors become the domain's (422 reused, 409 in progress).
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async once<T extends Json>(call: IdempotentCall, work: () => Promise<T>): Promise<Answer<T>> {
    const record = keys.idempotencyRecord(call.tenantId, call.scope);
    // One layer per call: the library takes the partition key as a constructor value, and ours is the tenant's.
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: this.tableName,
      awsSdkV3Client: this.db,
      keyAttr: "pk",
      sortKeyAttr: "sk",
      staticPkValue: record.pk,
      expiryAttr: "expiresAt",
    });
    const lease = { getRemainingTimeInMillis: () => call.leaseMs } as Context;
    let done: Answer<T> | undefined;
    const run = makeIdempotent(
      // As JSON (no undefined fields): the answer given first is then exactly the one replayed.
      async (_payload: Payload): Promise<Answer<T>> => {
        done = { value: JSON.parse(JSON.stringify(await work())) as T, replayed: false };
        return done;
      },
      {
        persistenceStore,
        keyPrefix: record.skPrefix,
        config: new IdempotencyConfig({
          eventKeyJmesPath: "key",
          payloadValidationJmesPath: "fingerprint",
          throwOnNoIdempotencyKey: true,
          expiresAfterSeconds: idempotencyRetentionSeconds,
          hashFunction: "sha256",
          lambdaContext: lease,
          responseHook: (response) => ({ ...(response as Answer<T>), replayed: true }),
        }),
      },
    );
    try {
      return (await run({ key: call.key, fingerprint: call.fingerprint })) as Answer<T>;
    } catch (error) {
      // The work ran (a job started) but its answer could not be kept: give it anyway. An error would make the
      // client retry, and a retry after the lease (the record stays "in progress" until then) would start it again.
      if (done && isPersistenceError(error)) return done;
      throw translated(error);
    }
  }
}

const isPersistenceError = (error: unknown) =>
  (error as { name?: string } | undefined)?.name === "IdempotencyPersistenceLayerError";

/** The library's errors as the domain's; a storage failure as its cause (the SDK's error, e.g. a timeout). */
function translated(error: unknown): unknown {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "IdempotencyValidationError") return new IdempotencyKeyReusedError();
  if (name === "IdempotencyAlreadyInProgressError") return new IdempotencyInProgressError();
  if (name === "IdempotencyPersistenceLayerError") return (error as Error).cause ?? error;
  return error;
}
