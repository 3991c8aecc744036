import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashLinkToken,
  jobLinkToken,
  mayEmailAgain,
  newLinkToken,
  parseLinkToken,
  sameHash,
  sendsInLastHour,
} from "../../../lib/domain/link-token.js";

describe("link tokens", () => {
  it("name their tenant and user, carry 256 random bits, and are stored as SHA-256 only", () => {
    const a = newLinkToken("school.one", "user-1");
    const b = newLinkToken("school.one", "user-1");
    expect(a.token).not.toBe(b.token);
    expect(parseLinkToken(a.token)).toEqual({ tenantId: "school.one", userId: "user-1" });
    const secret = a.token.split(".")[2] as string;
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(a.hash).toBe(hashLinkToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(secret);
    expect(sameHash(a.hash, hashLinkToken(a.token))).toBe(true);
    expect(sameHash(a.hash, b.hash)).toBe(false);
  });

  it("rejects anything that is not one of its tokens", () => {
    for (const bad of ["", "a.b", "a.b.c.d", "a.b.short", "a.b.!!!!", `x.y.${"A".repeat(40)}`]) {
      expect(parseLinkToken(bad), bad).toBeUndefined();
    }
  });
});

describe("a job's link tokens", () => {
  it("are the same for one job, user and purpose, and differ for another purpose, user or job", () => {
    const key = randomBytes(32);
    const reset = jobLinkToken(key, "reset-link", "school.one", "user-1");
    expect(jobLinkToken(key, "reset-link", "school.one", "user-1")).toEqual(reset);
    expect(parseLinkToken(reset.token)).toEqual({ tenantId: "school.one", userId: "user-1" });
    expect(reset.hash).toBe(hashLinkToken(reset.token));
    const others = [
      jobLinkToken(key, "verify-email", "school.one", "user-1"),
      jobLinkToken(key, "reset-link", "school.one", "user-2"),
      jobLinkToken(randomBytes(32), "reset-link", "school.one", "user-1"),
    ];
    for (const other of others) expect(other.token).not.toBe(reset.token);
  });
});

describe("the hourly limit", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

  it("counts the sends of the last 60 minutes, not of the calendar hour", () => {
    const sent = [minutesAgo(61), minutesAgo(59), minutesAgo(30), minutesAgo(1)];
    expect(sendsInLastHour(sent, now)).toEqual(sent.slice(1));
  });

  it("allows a fifth email and refuses a sixth", () => {
    expect(mayEmailAgain([1, 2, 3, 4].map(minutesAgo), now)).toBe(true);
    expect(mayEmailAgain([1, 2, 3, 4, 5].map(minutesAgo), now)).toBe(false);
    expect(mayEmailAgain([61, 2, 3, 4, 5].map(minutesAgo), now)).toBe(true);
  });
});
