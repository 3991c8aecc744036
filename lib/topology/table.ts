/**
 * The one DynamoDB table. Key attribute names live here; the key *values* are built only by
 * `lib/adapters/dynamodb/keys.ts`.
 */
export const table = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Generic inverted/collection index: lists (users by name, groups by name, jobs) and reverse lookups. */
  globalSecondaryIndexes: [{ indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" }],
  /** Epoch seconds. DynamoDB deletes expired items late (and DynamoDB Local never does): reads must check it. */
  timeToLiveAttribute: "expiresAt",
} as const;

export type TableDeclaration = typeof table;
