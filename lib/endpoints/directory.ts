import * as z from "zod";
import * as s from "../api/schemas.js";
import { groupTypes } from "../domain/model.js";
import { endpoints } from "./endpoint.js";

const userStatus = z
  .object({ userId: s.id, status: z.enum(["active", "disabled"]) })
  .meta({ id: "UserStatus" });

/** Users and groups of the tenant: lists, pickers, one user and their history. */
export const directoryEndpoints = endpoints({
  "list-groups": {
    method: "GET",
    path: "/v1/groups",
    summary: "Group picker: search and page through groups",
    tag: "Directory",
    auth: "required",
    query: z.strictObject({
      search: s.search,
      type: z.enum(groupTypes).optional(),
      limit: s.limit,
      cursor: s.cursor,
    }),
    responses: { 200: { description: "A page of groups", schema: s.page(s.group) } },
    lambda: { description: "Group picker", access: ["table:read", "secret:session"] },
  },
  "list-group-members": {
    method: "GET",
    path: "/v1/groups/{groupId}/members",
    summary: "Members of a group",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ groupId: s.id }),
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: {
      200: { description: "A page of members", schema: s.page(s.user).extend({ group: s.group }) },
    },
    lambda: { description: "Members of a group", access: ["table:read", "secret:session"] },
  },
  "list-users": {
    method: "GET",
    path: "/v1/users",
    summary: "Users of the tenant, by surname; search matches names and usernames",
    tag: "Directory",
    auth: "required",
    query: z.strictObject({ search: s.search, limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of users", schema: s.page(s.user) } },
    lambda: { description: "Users of the tenant", access: ["table:read", "secret:session"] },
  },
  "get-user": {
    method: "GET",
    path: "/v1/users/{userId}",
    summary: "One user with their groups and the classes they teach",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      200: {
        description: "User",
        schema: s.user.extend({ memberOf: z.array(s.id), teaches: z.array(s.id) }),
      },
    },
    lambda: { description: "One user", access: ["table:read", "secret:session"] },
  },
  "list-user-events": {
    method: "GET",
    path: "/v1/users/{userId}/events",
    summary: "A user's event history, newest first; filter by kind (action) and time (from ≤ at < to)",
    tag: "Audit",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    query: z.strictObject({ limit: s.limit, cursor: s.cursor, ...s.auditFilter }),
    responses: { 200: { description: "A page of events", schema: s.page(s.auditEvent) } },
    lambda: { description: "A user's event history", access: ["table:read", "secret:session"] },
  },
  "disable-user": {
    method: "POST",
    path: "/v1/users/{userId}/disable",
    summary:
      "Disable a user's account: their sessions stop working on their next request (a signed-in site admin; never yourself or a user with more privilege; never an API key)",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      200: {
        description:
          "Disabled (or already disabled). 403 for yourself or a user with more privilege; 409 for a leaver",
        schema: userStatus,
      },
    },
    lambda: {
      description: "Disable a user",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "enable-user": {
    method: "POST",
    path: "/v1/users/{userId}/enable",
    summary: "Enable a disabled user's account again (their old sessions stay ended; a signed-in site admin)",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 200: { description: "Enabled (or already active)", schema: userStatus } },
    lambda: {
      description: "Enable a user",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
});
