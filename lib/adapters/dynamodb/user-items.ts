/** How a user is laid out in the table: the user item, its uniqueness claims and its identity link. */
import { randomUUID } from "node:crypto";
import { foldCase, normaliseEmail, normaliseUsername, type User } from "../../domain/model.js";
import type { UserRow } from "../../domain/roster.js";
import { mergeRosterRow, userFromRosterRow } from "../../domain/user-merge.js";
import type { TransactItem } from "./bulk-transact.js";
import { keys, withoutKeys } from "./keys.js";

/** Lower-cased text the list search matches against. */
export const searchText = (u: Pick<User, "forename" | "surname" | "username">) =>
  foldCase(`${u.forename} ${u.surname} ${u.username}`);

/** A new user from a roster row (the rules: `userFromRosterRow`), with a fresh id. */
export function newUser(tenantId: string, row: UserRow, now: Date): User {
  return userFromRosterRow(tenantId, randomUUID(), row, now);
}

/** The user after applying a roster row, or undefined when the row changes nothing (the rules: `mergeRosterRow`). */
export const changedUser = mergeRosterRow;

export function userItem(user: User) {
  return {
    ...keys.user(user.tenantId, user.userId),
    ...keys.userList(user.tenantId, user.surname, user.forename, user.userId),
    ...user,
    searchText: searchText(user),
  };
}

export function usernameClaim(
  tableName: string,
  tenantId: string,
  username: string,
  userId: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.username(tenantId, normaliseUsername(username)), userId },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * The global identity link of a user with an email (one person, accounts in several tenants). An update, not a put:
 * a link the school consented to keeps its consent (`consentedAt`, `consentedBy`) when the email is re-verified.
 */
export function identityItems(tableName: string, user: User): TransactItem[] {
  if (!user.email) return [];
  return [identityLinkUpdate(tableName, user.email, user.tenantId, user.userId, user.emailVerified)];
}

/** Creates or updates an identity link's own fields, leaving the school's consent on it as it is. */
export function identityLinkUpdate(
  tableName: string,
  email: string,
  tenantId: string,
  userId: string,
  verified: boolean,
): TransactItem {
  const { pk, sk, gsi1pk, gsi1sk } = keys.identityLink(normaliseEmail(email), tenantId, userId);
  return {
    Update: {
      TableName: tableName,
      Key: { pk, sk },
      UpdateExpression: "SET tenantId = :t, userId = :u, verified = :v, gsi1pk = :g, gsi1sk = :gs",
      ExpressionAttributeValues: {
        ":t": tenantId,
        ":u": userId,
        ":v": verified,
        ":g": gsi1pk,
        ":gs": gsi1sk,
      },
    },
  };
}

/** Everything a new user needs, written together: external id and username claims, the user, its identity link. */
export function createItems(tableName: string, user: User, externalId?: string): TransactItem[] {
  return [
    ...(externalId
      ? [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.userExternalId(user.tenantId, externalId), externalId, userId: user.userId },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ]
      : []),
    usernameClaim(tableName, user.tenantId, user.username, user.userId),
    {
      Put: {
        TableName: tableName,
        Item: userItem(user),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    ...identityItems(tableName, user),
  ];
}

export function toUser(item: Record<string, unknown>): User {
  const { searchText: _s, ...rest } = withoutKeys(item);
  // Users stored before company exceptions existed have none.
  return { companyExceptions: [], ...(rest as Omit<User, "companyExceptions">) };
}
