import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { batchPut } from "../../lib/adapters/dynamodb/batch.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { maxItemsReadPerPage } from "../../lib/adapters/dynamodb/paging.js";
import { userItem } from "../../lib/adapters/dynamodb/user-items.js";
import { foldCase } from "../../lib/domain/model.js";
import { aUser } from "../fakes/builders.js";
import { client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const fillers = 1_200;
const n4 = (n: number) => String(n).padStart(4, "0");

/**
 * A large school written straight to the table: 1,200 unclaimed users sorting before "Zebedee Zed" (the one user a
 * search finds), all members of one class, and 1,200 groups sorting before "Zulu class".
 */
async function largeSchool() {
  const tenant = await createTestTenant(runtime);
  const { tenantId } = tenant;
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  const users = Array.from({ length: fillers }, (_, i) =>
    aUser({ tenantId, userId: `filler-${n4(i)}`, forename: "Ann", surname: `Filler${n4(i)}` }),
  );
  const zed = aUser({ tenantId, userId: "zed", username: "z.zed", forename: "Zebedee", surname: "Zed" });
  const group = (groupId: string, name: string) => ({
    ...keys.group(tenantId, groupId),
    ...keys.groupList(tenantId, name, groupId),
    tenantId,
    groupId,
    name,
    type: "class",
    memberCount: 0,
    searchName: foldCase(name),
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
  });
  const members = [...users, zed].map((u) => ({
    ...keys.membership(tenantId, "big", u.userId),
    tenantId,
    groupId: "big",
    userId: u.userId,
  }));
  await batchPut(db, runtime.tableName, [
    ...[...users, zed].map(userItem),
    ...Array.from({ length: fillers }, (_, i) => group(`g-${n4(i)}`, `Filler group ${n4(i)}`)),
    group("zulu", "Zulu class"),
    group("big", "Big class"),
    ...members,
  ]);
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId, username: "admin", password: staffPassword },
  });
  expect(session.status).toBe(201);
  return { ...tenant, token: session.body.token as string };
}

type Page = { items: Record<string, unknown>[]; cursor?: string };

/** Follows the cursor to the end: every page's status, size and whether it had a cursor. */
async function allPages(token: string, path: string) {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const url = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const page = await api<Page>("GET", url, { token });
    expect(page.status, url).toBe(200);
    pages.push(page.body);
    cursor = page.body.cursor;
  } while (cursor && pages.length < 10);
  return pages;
}

describe("filtered searches over a large school", () => {
  let s: Awaited<ReturnType<typeof largeSchool>>;
  beforeAll(async () => {
    s = await largeSchool();
  }, 120_000);

  it("GET /v1/users?search reads at most 1,000 users per request and continues with a cursor", async () => {
    expect(maxItemsReadPerPage).toBe(1_000);
    const pages = await allPages(s.token, "/v1/users?search=zebedee&limit=50");
    // The first request stops after 1,000 of the 1,202 users with nothing found yet, and says where to go on.
    expect(pages[0]).toEqual({ items: [], cursor: expect.any(String) });
    expect(pages.flatMap((p) => p.items.map((u) => u.userId))).toEqual(["zed"]);
    expect(pages.at(-1)?.cursor).toBeUndefined();
    // Without a search, a page is as long as asked.
    const plain = await api<Page>("GET", "/v1/users?limit=50", { token: s.token });
    expect(plain.body.items).toHaveLength(50);
  });

  it("GET /v1/unclaimed-users with a search or a group pages through with a cursor", async () => {
    const searched = await allPages(s.token, "/v1/unclaimed-users?search=zebedee&limit=50");
    expect(searched[0]).toEqual({ items: [], cursor: expect.any(String) });
    expect(searched.flatMap((p) => p.items.map((u) => u.userId))).toEqual(["zed"]);
    // In a group, the list is sorted across all pages (issue #9): the group's members are read and sorted in one
    // request — a group of at most `maxSortedGroupMembers` (5,000), a larger one is refused — so one page finds zed.
    const inGroup = await allPages(s.token, "/v1/unclaimed-users?groupId=big&search=zebedee&limit=200");
    expect(inGroup).toHaveLength(1);
    expect(inGroup.flatMap((p) => p.items.map((u) => u.userId))).toEqual(["zed"]);
  });

  it("GET /v1/groups?search reads at most 1,000 groups per request and continues with a cursor", async () => {
    const pages = await allPages(s.token, "/v1/groups?search=zulu&limit=50");
    expect(pages[0]).toEqual({ items: [], cursor: expect.any(String) });
    expect(pages.flatMap((p) => p.items.map((g) => g.groupId))).toEqual(["zulu"]);
    expect(pages.at(-1)?.cursor).toBeUndefined();
  });
});
