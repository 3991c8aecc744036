import { describe, expect, it } from "vitest";
import {
  dayOfBirth,
  expiryFor,
  isExpired,
  type TemporaryCredential,
  temporaryPasswordAad,
  temporaryPasswordTtlSeconds,
  temporaryStatus,
} from "../../../lib/domain/temporary-password.js";

const now = new Date("2024-09-02T08:30:00.000Z");
const nowSeconds = now.getTime() / 1000;

const credential = (expiresAt: number): TemporaryCredential => ({
  tenantId: "t1",
  userId: "u1",
  generation: "job-1",
  sealed: { data: "ZGF0YQ==", key: "a2V5" },
  generatedAt: "2024-09-01T08:30:00.000Z",
  generatedBy: "admin-1",
  expiresAt,
});

describe("dayOfBirth", () => {
  it.each([
    ["2019-03-04", "4"],
    ["2019-03-14", "14"],
    ["2010-12-31", "31"],
    ["2015-01-01", "1"],
  ])("gives the day of the month without a leading zero when the date is %s", (date, day) => {
    expect(dayOfBirth(date)).toBe(day);
  });

  it.each([
    undefined,
    "",
    "garbage",
    "04/03/2019",
    "2019-3-4",
    "2019-03-4",
    "2019-03-04T00:00:00Z",
    " 2019-03-04",
    "2019-03-04\n",
  ])("gives nothing when the date is %j", (date) => {
    expect(dayOfBirth(date)).toBeUndefined();
  });
});

describe("isExpired", () => {
  it("is expired when expiresAt equals now in seconds", () => {
    expect(isExpired({ expiresAt: nowSeconds }, now)).toBe(true);
  });

  it("is not expired when expiresAt is one second after now", () => {
    expect(isExpired({ expiresAt: nowSeconds + 1 }, now)).toBe(false);
  });

  it("is expired when expiresAt is in the past", () => {
    expect(isExpired({ expiresAt: nowSeconds - 1 }, now)).toBe(true);
  });

  it("is expired within the second that expiresAt names", () => {
    const later = new Date(now.getTime() + 500);
    expect(isExpired({ expiresAt: nowSeconds }, later)).toBe(true);
    expect(isExpired({ expiresAt: nowSeconds + 1 }, later)).toBe(false);
  });
});

describe("temporaryStatus", () => {
  it("is none when there is no credential", () => {
    expect(temporaryStatus(undefined, now)).toBe("none");
  });

  it("is active when the credential has not expired", () => {
    expect(temporaryStatus(credential(nowSeconds + 1), now)).toBe("active");
  });

  it("is expired when the credential's expiry has passed, even though the item is still stored", () => {
    expect(temporaryStatus(credential(nowSeconds), now)).toBe("expired");
    expect(temporaryStatus(credential(nowSeconds - 3600), now)).toBe("expired");
  });
});

describe("expiryFor", () => {
  it("is 28 days after now, in epoch seconds", () => {
    expect(temporaryPasswordTtlSeconds).toBe(28 * 24 * 60 * 60);
    expect(expiryFor(now)).toBe(nowSeconds + 28 * 24 * 60 * 60);
    expect(expiryFor(now)).toBe(new Date("2024-09-30T08:30:00.000Z").getTime() / 1000);
  });

  it("rounds a fractional second down", () => {
    expect(expiryFor(new Date(now.getTime() + 999))).toBe(nowSeconds + temporaryPasswordTtlSeconds);
  });

  it("makes a credential that is active now and expired 28 days later", () => {
    const issued = credential(expiryFor(now));
    expect(temporaryStatus(issued, now)).toBe("active");
    expect(temporaryStatus(issued, new Date(now.getTime() + 28 * 24 * 3600 * 1000 - 1000))).toBe("active");
    expect(temporaryStatus(issued, new Date(now.getTime() + 28 * 24 * 3600 * 1000))).toBe("expired");
  });
});

describe("temporaryPasswordAad", () => {
  it("includes the tenant, user and generation", () => {
    const aad = temporaryPasswordAad("tenant-7", "user-42", "job-9");
    expect(aad).toContain("tenant-7");
    expect(aad).toContain("user-42");
    expect(aad).toContain("job-9");
    expect(aad).toBe("temporary-password/tenant-7/user-42/job-9");
  });

  it("differs when any one of tenant, user or generation differs", () => {
    const aads = new Set([
      temporaryPasswordAad("t1", "u1", "g1"),
      temporaryPasswordAad("t2", "u1", "g1"),
      temporaryPasswordAad("t1", "u2", "g1"),
      temporaryPasswordAad("t1", "u1", "g2"),
    ]);
    expect(aads.size).toBe(4);
  });
});

describe("dayOfBirth on impossible dates", () => {
  it("gives nothing for a day 0, 31 February or month 13", () => {
    expect(dayOfBirth("2019-03-00")).toBeUndefined();
    expect(dayOfBirth("2019-02-31")).toBeUndefined();
    expect(dayOfBirth("2019-13-45")).toBeUndefined();
    expect(dayOfBirth("2020-02-29")).toBe("29");
  });
});
