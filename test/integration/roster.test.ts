import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let apiKey: string;
let tenantId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  ({ apiKey, tenantId } = await createTestTenant(runtime));
});
afterAll(async () => runtime?.stop());

type Page<T> = { items: T[]; cursor?: string };
type Group = { groupId: string; name: string; type: string; memberCount: number };
type User = { userId: string; username: string; forename: string; surname: string; dateOfBirth?: string };

const roster = {
  groups: [
    { externalId: "Y1", name: "Year 1", type: "year-group" },
    { externalId: "1A", name: "Year 1 Ash", type: "class", yearGroup: "Year 1" },
    { externalId: "1B", name: "Year 1 Birch", type: "class", yearGroup: "Year 1" },
  ],
  users: [
    {
      externalId: "T1",
      username: "t.hughes",
      forename: "Tom",
      surname: "Hughes",
      email: "t.hughes@school.example",
      emailVerified: true,
      userType: "staff",
      roles: ["class-teacher", "staff"],
    },
    {
      externalId: "P1",
      username: "ava.k",
      forename: "Ava",
      surname: "Khan",
      dateOfBirth: "2019-02-03",
      userType: "student",
    },
    {
      externalId: "P2",
      username: "leo.m",
      forename: "Leo",
      surname: "Marsh",
      dateOfBirth: "2019-07-30",
      userType: "student",
    },
    {
      externalId: "P3",
      username: "mia.o",
      forename: "Mia",
      surname: "Okafor",
      dateOfBirth: "2030-01-01",
      userType: "student",
    },
    { externalId: "P4", username: "AVA.K", forename: "Ava", surname: "Kelly", userType: "student" },
    { externalId: "P5", username: "zoe.p", forename: "Zoe", surname: "Price", userType: "pupil" },
  ],
  memberships: [
    { groupExternalId: "Y1", userExternalId: "P1" },
    { groupExternalId: "Y1", userExternalId: "P2" },
    { groupExternalId: "1A", userExternalId: "P1" },
    { groupExternalId: "1B", userExternalId: "P2" },
    { groupExternalId: "1B", userExternalId: "P3" },
    { groupExternalId: "ZZ", userExternalId: "P1" },
  ],
  classTeachers: [{ groupExternalId: "1A", userExternalId: "T1" }],
};

describe("roster import (synchronous)", () => {
  it("applies valid rows and reports each invalid row with its section, line and reason", async () => {
    const response = await api("POST", "/v1/roster", { apiKey, json: roster });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      total: 16,
      processed: 11,
      failed: 5,
      created: 11,
      updated: 0,
      unchanged: 0,
    });
    const errors = response.body.errors as { section: string; line: number; reason: string }[];
    expect(errors.map((e) => [e.section, e.line])).toEqual([
      ["users", 4],
      ["users", 5],
      ["users", 6],
      ["memberships", 5],
      ["memberships", 6],
    ]);
    expect(errors[0]?.reason).toContain("dateOfBirth");
    expect(errors[1]?.reason).toContain("duplicate username (first at line 2)");
    expect(errors[2]?.reason).toContain("userType");
    expect(errors[3]?.reason).toContain("unknown user externalId P3");
    expect(errors[4]?.reason).toContain("unknown group externalId ZZ");
  });

  it("is idempotent: the same roster again changes nothing", async () => {
    const again = await api("POST", "/v1/roster", { apiKey, json: roster });
    expect(again.body).toMatchObject({ processed: 11, created: 0, updated: 0, unchanged: 11 });
    const groups = await api<Page<Group>>("GET", "/v1/groups?search=year%201", { apiKey });
    expect(groups.body.items.map((g) => [g.name, g.memberCount])).toEqual([
      ["Year 1", 2],
      ["Year 1 Ash", 1],
      ["Year 1 Birch", 1],
    ]);
  });

  it("updates by external id, including a username change, and frees the old username", async () => {
    const rename = { users: [{ ...roster.users[1], username: "ava.khan", surname: "Khan-Lee" }] };
    const response = await api("POST", "/v1/roster", { apiKey, json: rename });
    expect(response.body).toMatchObject({ updated: 1, failed: 0 });
    const found = await api<Page<User>>("GET", "/v1/users?search=khan-lee", { apiKey });
    expect(found.body.items.map((u) => u.username)).toEqual(["ava.khan"]);
    const reuse = {
      users: [{ externalId: "P9", username: "ava.k", forename: "Ava", surname: "Kay", userType: "student" }],
    };
    expect((await api("POST", "/v1/roster", { apiKey, json: reuse })).body).toMatchObject({
      created: 1,
      failed: 0,
    });
  });

  it("refuses a username another account already holds, row by row", async () => {
    const clash = {
      users: [{ externalId: "P10", username: "LEO.M", forename: "Leon", surname: "M", userType: "student" }],
    };
    const response = await api("POST", "/v1/roster", { apiKey, json: clash });
    expect(response.body).toMatchObject({ created: 0, failed: 1 });
    expect((response.body.errors as { reason: string }[])[0]?.reason).toContain("already taken");
  });

  it("imports CSV sections with physical line numbers", async () => {
    const csv = [
      "externalId,username,forename,surname,dateOfBirth,userType,email,emailVerified",
      "C1,cara.d,Cara,Dunn,2018-05-06,student,,",
      "",
      "C2,dan.e,Dan,Evans,not-a-date,student,,",
      "C3,parent.f,Fay,Frost,,parent,fay@home.example,yes",
    ].join("\n");
    const response = await api("POST", "/v1/roster?section=users", {
      apiKey,
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, failed: 1 });
    expect(response.body.errors).toEqual([expect.objectContaining({ section: "users", line: 4 })]);
    const noSection = await api("POST", "/v1/roster", {
      apiKey,
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(noSection.status).toBe(400);
    const unknownColumn = await api("POST", "/v1/roster?section=users", {
      apiKey,
      body: "externalId,shoeSize\nX,9",
      headers: { "content-type": "text/csv" },
    });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.detail).toContain("shoeSize");
  });
});

describe("directory", () => {
  it("pages through groups with an opaque cursor and filters by type", async () => {
    const first = await api<Page<Group>>("GET", "/v1/groups?limit=2", { apiKey });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.cursor).toBeTypeOf("string");
    const next = await api<Page<Group>>(
      "GET",
      `/v1/groups?limit=2&cursor=${encodeURIComponent(first.body.cursor ?? "")}`,
      { apiKey },
    );
    const names = [...first.body.items, ...next.body.items].map((g) => g.name);
    expect(names).toEqual(["Year 1", "Year 1 Ash", "Year 1 Birch"]);
    expect(next.body.cursor).toBeUndefined();
    const classes = await api<Page<Group>>("GET", "/v1/groups?type=class", { apiKey });
    expect(classes.body.items.map((g) => g.name)).toEqual(["Year 1 Ash", "Year 1 Birch"]);
  });

  it("lists users by surname, looks one up with groups and classes taught, and lists a group's members", async () => {
    const users = await api<Page<User>>("GET", "/v1/users?limit=200", { apiKey });
    const surnames = users.body.items.map((u) => u.surname);
    expect(surnames).toEqual([...surnames].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const teacher = users.body.items.find((u) => u.username === "t.hughes") as User;
    const ash = (await api<Page<Group>>("GET", "/v1/groups?search=ash", { apiKey })).body.items[0] as Group;
    const lookup = await api("GET", `/v1/users/${teacher.userId}`, { apiKey });
    expect(lookup.body).toMatchObject({ username: "t.hughes", teaches: [ash.groupId], memberOf: [] });
    const members = await api<Page<User> & { group: Group }>("GET", `/v1/groups/${ash.groupId}/members`, {
      apiKey,
    });
    expect(members.body.group.name).toBe("Year 1 Ash");
    expect(members.body.items.map((u) => u.username)).toEqual(["ava.khan"]);
  });

  it("lets a class teacher read the directory but not import a roster", async () => {
    await runtime
      .deps()
      .credentials.setPassword(
        tenantId,
        (await runtime.deps().users.findByUsername(tenantId, "t.hughes"))?.userId ?? "",
        await runtime.deps().hasher.hash(staffPassword),
        new Date(),
      );
    const session = await api("POST", "/v1/sessions", {
      json: { tenantId, username: "t.hughes", password: staffPassword },
    });
    const token = session.body.token as string;
    expect((await api("GET", "/v1/groups", { token })).status).toBe(200);
    const refused = await api("POST", "/v1/roster", { token, json: { users: [] } });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe("urn:latchkey:problem:forbidden");
  });
});
