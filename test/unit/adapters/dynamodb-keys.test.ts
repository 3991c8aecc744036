import { describe, expect, it } from "vitest";
import { keys, withoutKeys } from "../../../lib/adapters/dynamodb/keys.js";

type KeyAttributes = { pk: string; sk: string; gsi1pk?: string; gsi1sk?: string };

/** Every table item key a tenant can have, built with the same ids. */
function itemKeys(tenantId: string): Record<string, KeyAttributes> {
  return {
    tenant: keys.tenant(tenantId),
    apiKey: keys.apiKey(tenantId, "ab12"),
    user: { ...keys.user(tenantId, "u1"), ...keys.userList(tenantId, "Lovelace", "Ada", "u1") },
    passwordCredential: keys.passwordCredential(tenantId, "u1"),
    username: keys.username(tenantId, "ada.l"),
    userExternalId: keys.userExternalId(tenantId, "E1"),
    group: { ...keys.group(tenantId, "g1"), ...keys.groupList(tenantId, "Class 1", "g1") },
    groupExternalId: keys.groupExternalId(tenantId, "E1"),
    membership: keys.membership(tenantId, "g1", "u1"),
    classTeacher: keys.classTeacher(tenantId, "g1", "u1"),
    job: { ...keys.job(tenantId, "j1"), ...keys.jobList(tenantId, "2025-01-01T00:00:00.000Z", "j1") },
    jobChunk: keys.jobChunk(tenantId, "j1", 1, 7),
    jobChunkDone: keys.jobChunkDone(tenantId, "j1", 1, 7),
    pinCodeCredential: keys.pinCodeCredential(tenantId, "u1"),
    pinCodeHandle: keys.pinCodeHandle(tenantId, "K7QMA"),
    signUpSource: keys.signUpSource(tenantId, "ab12", 1_700_000_100),
  };
}

/** Partition values that queries use directly. */
function queryPartitions(tenantId: string): Record<string, string> {
  return {
    usersIndex: keys.usersIndex(tenantId),
    groupsIndex: keys.groupsIndex(tenantId),
    groupPartition: keys.groupPartition(tenantId, "g1"),
    userMemberOf: keys.userMemberOf(tenantId, "u1"),
    userTeaches: keys.userTeaches(tenantId, "u1"),
  };
}

const startsWithTenant = (value: string, tenantId: string) =>
  value === `T#${tenantId}` || value.startsWith(`T#${tenantId}#`);

describe("keys", () => {
  it("starts every tenant-scoped partition value with T#<tenantId>", () => {
    for (const [name, key] of Object.entries(itemKeys("acme"))) {
      expect(startsWithTenant(key.pk, "acme"), `${name}: ${key.pk}`).toBe(true);
      if (key.gsi1pk) expect(startsWithTenant(key.gsi1pk, "acme"), `${name}: ${key.gsi1pk}`).toBe(true);
    }
    for (const [name, value] of Object.entries(queryPartitions("acme"))) {
      expect(startsWithTenant(value, "acme"), `${name}: ${value}`).toBe(true);
    }
  });

  it("never gives two tenants the same key for the same ids, even when one tenant id prefixes the other", () => {
    const a = itemKeys("acme");
    const b = itemKeys("acme-2");
    for (const [name, ka] of Object.entries(a)) {
      const kb = b[name] as KeyAttributes;
      expect(`${ka.pk}|${ka.sk}`, name).not.toBe(`${kb.pk}|${kb.sk}`);
      if (ka.gsi1pk) expect(ka.gsi1pk, name).not.toBe(kb.gsi1pk);
    }
    const qa = queryPartitions("acme");
    const qb = queryPartitions("acme-2");
    for (const [name, value] of Object.entries(qa)) expect(value, name).not.toBe(qb[name]);
  });

  it("gives distinct primary keys to different item kinds of one tenant", () => {
    const all = Object.values(itemKeys("acme")).map((k) => `${k.pk}|${k.sk}`);
    expect(new Set(all).size).toBe(all.length);
  });

  it("puts list items in the index partitions that list queries read", () => {
    const k = itemKeys("acme");
    expect(k.user?.gsi1pk).toBe(keys.usersIndex("acme"));
    expect(k.group?.gsi1pk).toBe(keys.groupsIndex("acme"));
    expect(k.membership?.pk).toBe(keys.groupPartition("acme", "g1"));
    expect(k.membership?.gsi1pk).toBe(keys.userMemberOf("acme", "u1"));
    expect(k.classTeacher?.gsi1pk).toBe(keys.userTeaches("acme", "u1"));
  });

  it("starts identity keys with ID#<email> and links them to the tenant user in the index", () => {
    expect(keys.identity("ada@example.org")).toEqual({ pk: "ID#ada@example.org", sk: "IDENTITY" });
    const link = keys.identityLink("ada@example.org", "acme", "u1");
    expect(link.pk).toBe("ID#ada@example.org");
    expect(link.sk.startsWith(keys.identityLinkPrefix)).toBe(true);
    expect(link.gsi1pk.startsWith("T#acme#")).toBe(true);
    expect(link.gsi1sk).toBe("ID#ada@example.org");
  });

  it("gives identity links of two tenants different sort keys for the same email and user id", () => {
    expect(keys.identityLink("a@b.c", "acme", "u1").sk).not.toBe(
      keys.identityLink("a@b.c", "acme-2", "u1").sk,
    );
  });

  it("zero-pads chunk numbers so they sort numerically under their prefix", () => {
    const nine = keys.jobChunk("acme", "j1", 1, 9).sk;
    const ten = keys.jobChunk("acme", "j1", 1, 10).sk;
    expect(nine < ten).toBe(true);
    expect(nine.startsWith(keys.jobChunkPrefix(1))).toBe(true);
    expect(nine.startsWith(keys.jobChunkPrefix(2))).toBe(false);
  });

  it("puts membership sort keys under the membership prefix", () => {
    expect(keys.membership("acme", "g1", "u1").sk.startsWith(keys.membershipPrefix)).toBe(true);
    expect(keys.classTeacher("acme", "g1", "u1").sk.startsWith(keys.membershipPrefix)).toBe(false);
  });

  it("puts class-teacher sort keys under their own prefix, apart from memberships", () => {
    expect(keys.classTeacher("acme", "g1", "u1").sk.startsWith(keys.classTeacherPrefix)).toBe(true);
    expect(keys.membership("acme", "g1", "u1").sk.startsWith(keys.classTeacherPrefix)).toBe(false);
  });

  it("puts every chunk-done marker of a job, of any phase, under one prefix in the job's partition", () => {
    for (const phase of [1, 2]) {
      const done = keys.jobChunkDone("acme", "j1", phase, 3);
      expect(done.pk).toBe(keys.jobPartition("acme", "j1"));
      expect(done.sk.startsWith(keys.jobChunkDonePrefix)).toBe(true);
    }
    expect(keys.jobChunk("acme", "j1", 1, 3).sk.startsWith(keys.jobChunkDonePrefix)).toBe(false);
    expect(keys.job("acme", "j1").pk).toBe(keys.jobPartition("acme", "j1"));
  });

  it("tells a username claim from the other uniqueness claims and items", () => {
    expect(keys.isUsernameClaim(keys.username("acme", "ada.l"))).toBe(true);
    expect(keys.isUsernameClaim({ ...keys.username("acme", "ada.l"), userId: "u1" })).toBe(true);
    expect(keys.isUsernameClaim(keys.userExternalId("acme", "E1"))).toBe(false);
    expect(keys.isUsernameClaim(keys.groupExternalId("acme", "E1"))).toBe(false);
    expect(keys.isUsernameClaim(keys.pinCodeHandle("acme", "K7QMA"))).toBe(false);
    expect(keys.isUsernameClaim(keys.user("acme", "u1"))).toBe(false);
    expect(keys.isUsernameClaim(undefined)).toBe(false);
  });

  it("sorts user listings case-insensitively by surname then forename", () => {
    const lower = keys.userList("acme", "adams", "Zed", "u2").gsi1sk;
    const upper = keys.userList("acme", "Baker", "Amy", "u1").gsi1sk;
    expect(lower < upper).toBe(true);
  });
});

describe("withoutKeys", () => {
  it("strips pk, sk, gsi1pk and gsi1sk and keeps every other attribute", () => {
    const item = {
      pk: "T#acme",
      sk: "TENANT",
      gsi1pk: "x",
      gsi1sk: "y",
      tenantId: "acme",
      name: "Acme",
      version: 3,
    };
    expect(withoutKeys(item)).toEqual({ tenantId: "acme", name: "Acme", version: 3 });
  });

  it("leaves an item without key attributes unchanged", () => {
    expect(withoutKeys({ a: 1 })).toEqual({ a: 1 });
  });
});
