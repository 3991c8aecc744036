/** How a user is laid out in the table: the user item, its uniqueness claims and its identity link. */
import { randomUUID } from "node:crypto";
import {
  defaultRolesFor,
  foldCase,
  normaliseEmail,
  normaliseUsername,
  type User,
} from "../../domain/model.js";
import type { UserRow } from "../../domain/roster.js";
import type { TransactItem } from "./bulk-transact.js";
import { keys, withoutKeys } from "./keys.js";

/** Lower-cased text the list search matches against. */
export const searchText = (u: Pick<User, "forename" | "surname" | "username">) =>
  foldCase(`${u.forename} ${u.surname} ${u.username}`);

export const rosterFields = [
  "username",
  "forename",
  "surname",
  "email",
  "emailVerified",
  "dateOfBirth",
  "userType",
  "roles",
  "permissions",
  "profiles",
  "companyExceptions",
] as const;

export function newUser(tenantId: string, row: UserRow, now: Date): User {
  const at = now.toISOString();
  return {
    tenantId,
    userId: randomUUID(),
    externalId: row.externalId,
    username: row.username,
    forename: row.forename,
    surname: row.surname,
    email: row.email,
    emailVerified: row.email ? row.emailVerified : false,
    dateOfBirth: row.dateOfBirth,
    userType: row.userType,
    roles: row.roles ?? defaultRolesFor(row.userType),
    permissions: row.permissions,
    profiles: row.profiles,
    companyExceptions: row.companyExceptions,
    status: "active",
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The user after applying a roster row, or undefined when the row changes nothing. */
export function changedUser(current: User, row: UserRow, now: Date): User | undefined {
  const next: User = {
    ...current,
    ...Object.fromEntries(rosterFields.map((f) => [f, row[f]])),
    roles: row.roles ?? current.roles,
    emailVerified: row.email ? row.emailVerified : false,
  };
  const changed = rosterFields.some((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
  return changed ? { ...next, updatedAt: now.toISOString(), version: current.version + 1 } : undefined;
}

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

/** The global identity link of a user with an email (one person, accounts in several tenants). */
export function identityItems(tableName: string, user: User): TransactItem[] {
  if (!user.email) return [];
  const email = normaliseEmail(user.email);
  return [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.identityLink(email, user.tenantId, user.userId),
          tenantId: user.tenantId,
          userId: user.userId,
          verified: user.emailVerified,
        },
      },
    },
  ];
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
