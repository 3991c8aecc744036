import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { normaliseEmail } from "../../domain/model.js";
import type {
  ConsentOutcome,
  Identity,
  IdentityLink,
  IdentityStore,
  LinkedAccount,
} from "../../ports/identity-store.js";
import { backoff } from "../backoff.js";
import { batchGet } from "./batch.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";

type Reasons = { Code?: string }[];

/**
 * The identity item (`ID#<email>` / `IDENTITY`) and its link items (`LINK#T#t#U#u`, also written by the user
 * repository when an account gets or changes its email): this adapter adds and removes the school's consent on them.
 */
export class DynamoIdentityStore implements IdentityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(email: string): Promise<Identity | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.identity(normaliseEmail(email)),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { schools, ...identity } = withoutKeys(Item) as Identity & { schools?: Set<string> };
    return { ...identity, ...(schools && { schools: [...schools].sort() }) };
  }

  async create(identity: Identity): Promise<boolean> {
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.identity(identity.email), ...identity },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
  }

  async markEmailProven(email: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.identity(normaliseEmail(email)),
        UpdateExpression: "SET emailProvenAt = if_not_exists(emailProvenAt, :at) ADD version :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":at": at.toISOString(), ":one": 1 },
      }),
    );
  }

  async addSchools(email: string, tenantIds: readonly string[]): Promise<void> {
    if (tenantIds.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.identity(normaliseEmail(email)),
        UpdateExpression: "ADD schools :s, version :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":s": new Set(tenantIds), ":one": 1 },
      }),
    );
  }

  async links(email: string): Promise<IdentityLink[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
        ExpressionAttributeValues: {
          ":p": keys.identity(normaliseEmail(email)).pk,
          ":s": keys.identityLinkPrefix,
        },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => ({
      tenantId: i.tenantId as string,
      userId: i.userId as string,
      verified: Boolean(i.verified),
      ...(i.consentedAt && { consentedAt: i.consentedAt as string, consentedBy: i.consentedBy as string }),
    }));
  }

  async linkedAccounts(email: string): Promise<LinkedAccount[]> {
    const links = await this.links(email);
    if (links.length === 0) return [];
    const tenantIds = [...new Set(links.map((l) => l.tenantId))];
    const items = await batchGet(this.db, this.tableName, [
      ...links.map((l) => keys.user(l.tenantId, l.userId)),
      ...tenantIds.map((t) => keys.tenant(t)),
    ]);
    const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
    const at = (key: { pk: string; sk: string }) => byKey.get(`${key.pk}|${key.sk}`);
    return links.map((link) => {
      const user = at(keys.user(link.tenantId, link.userId));
      const tenant = at(keys.tenant(link.tenantId));
      return {
        ...link,
        ...(user && {
          user: {
            status: user.status,
            roles: user.roles,
            username: user.username,
            email: user.email,
          } as LinkedAccount["user"],
        }),
        ...(tenant && { tenantName: tenant.name as string }),
      };
    });
  }

  async consent(
    email: string,
    account: { tenantId: string; userId: string; accountEmail: string; verified: boolean },
    by: string,
    at: Date,
  ): Promise<ConsentOutcome> {
    const { tenantId, userId } = account;
    const link = keys.identityLink(normaliseEmail(email), tenantId, userId);
    const write = new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.user(tenantId, userId),
            ConditionExpression: "email = :e",
            ExpressionAttributeValues: { ":e": account.accountEmail },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: link.pk, sk: link.sk },
            UpdateExpression:
              "SET consentedAt = :at, consentedBy = :by, tenantId = :t, userId = :u, gsi1pk = :g, gsi1sk = :gs, verified = if_not_exists(verified, :v)",
            ConditionExpression: "attribute_not_exists(consentedAt)",
            ExpressionAttributeValues: {
              ":at": at.toISOString(),
              ":by": by,
              ":t": tenantId,
              ":u": userId,
              ":g": link.gsi1pk,
              ":gs": link.gsi1sk,
              ":v": account.verified,
            },
          },
        },
      ],
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.send(write);
        return "consented";
      } catch (error) {
        const reasons = cancellation(error);
        if (!reasons) throw error;
        if (reasons[0]?.Code === "ConditionalCheckFailed") return "email-changed";
        if (reasons[1]?.Code === "ConditionalCheckFailed") return "already-consented";
        // Another write to the link or the user at the same moment: try again (it decides).
        if (attempt >= 5) throw error;
        await backoff(attempt + 1, 20, 500);
      }
    }
  }

  async withdrawConsent(email: string, tenantId: string, userId: string): Promise<boolean> {
    const { pk, sk } = keys.identityLink(normaliseEmail(email), tenantId, userId);
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression: "REMOVE consentedAt, consentedBy",
          ConditionExpression: "attribute_exists(consentedAt)",
        }),
      ),
    );
  }
}

function cancellation(error: unknown): Reasons | undefined {
  const e = error as { name?: string; CancellationReasons?: Reasons };
  return e?.name === "TransactionCanceledException" ? (e.CancellationReasons ?? []) : undefined;
}
