import { describe, expect, it } from "vitest";
import {
  hashResetToken,
  mayEmailAgain,
  newResetToken,
  parseResetToken,
  sameHash,
  sendsInLastHour,
} from "../../../lib/domain/password-reset.js";

describe("reset tokens", () => {
  it("name their tenant and user, carry 256 random bits, and are stored as SHA-256 only", () => {
    const a = newResetToken("school.one", "user-1");
    const b = newResetToken("school.one", "user-1");
    expect(a.token).not.toBe(b.token);
    expect(parseResetToken(a.token)).toEqual({ tenantId: "school.one", userId: "user-1" });
    const secret = a.token.split(".")[2] as string;
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(a.hash).toBe(hashResetToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(secret);
    expect(sameHash(a.hash, hashResetToken(a.token))).toBe(true);
    expect(sameHash(a.hash, b.hash)).toBe(false);
  });

  it("rejects anything that is not one of its tokens", () => {
    for (const bad of ["", "a.b", "a.b.c.d", "a.b.short", "a.b.!!!!", `x.y.${"A".repeat(40)}`]) {
      expect(parseResetToken(bad), bad).toBeUndefined();
    }
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
