import { describe, expect, it } from "vitest";
import { keyedRandom } from "../../../lib/domain/keyed-random.js";
import {
  defaultPasswordPolicies,
  generatePassword,
  type RandomInt,
  satisfies,
} from "../../../lib/domain/password-policy.js";

const keyA = Buffer.alloc(32, 0xa5);
const keyB = Buffer.alloc(32, 0x5a);
const draws = (random: RandomInt, n: number, max: number) => Array.from({ length: n }, () => random(max));

/** Pearson's chi-square statistic of `n` draws of `random(max)` against the uniform distribution. */
const chiSquare = (random: RandomInt, n: number, max: number) => {
  const counts = new Array<number>(max).fill(0);
  for (let i = 0; i < n; i++) counts[random(max)]! += 1;
  const expected = n / max;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
};

describe("keyedRandom", () => {
  it("gives the same sequence for the same key and label, across buffer refills", () => {
    // 1,000 draws read 4,000 bytes: well past the first 256-byte block of keystream.
    const first = draws(keyedRandom(keyA, "user-1"), 1000, 2 ** 32);
    const second = draws(keyedRandom(Buffer.from(keyA), "user-1"), 1000, 2 ** 32);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(1000);
  });

  it("gives the same sequence when the same draws mix different maxima", () => {
    const maxima = [10, 57, 2 ** 32, 1, 3, 1000];
    const run = () => {
      const random = keyedRandom(keyA, "user-1");
      return Array.from({ length: 600 }, (_, i) => random(maxima[i % maxima.length]!));
    };
    expect(run()).toEqual(run());
  });

  it("gives a different sequence when the label differs", () => {
    const a = draws(keyedRandom(keyA, "user-1"), 16, 2 ** 32);
    const b = draws(keyedRandom(keyA, "user-2"), 16, 2 ** 32);
    expect(b).not.toEqual(a);
    expect(b.filter((value, i) => value === a[i])).toEqual([]);
  });

  it("gives a different sequence when the key differs", () => {
    const a = draws(keyedRandom(keyA, "user-1"), 16, 2 ** 32);
    const b = draws(keyedRandom(keyB, "user-1"), 16, 2 ** 32);
    expect(b).not.toEqual(a);
    expect(b.filter((value, i) => value === a[i])).toEqual([]);
  });

  it.each([1, 2, 7, 10, 57, 1000, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32])(
    "returns integers in [0, max) when max is %s",
    (max) => {
      const values = draws(keyedRandom(keyA, `range-${max}`), 5000, max);
      expect(values).toHaveLength(5000);
      expect(values.filter((value) => !Number.isInteger(value) || value < 0 || value >= max)).toEqual([]);
    },
  );

  it("returns only 0 when max is 1", () => {
    expect(new Set(draws(keyedRandom(keyA, "one"), 100, 1))).toEqual(new Set([0]));
  });

  it("reaches every value when max is small", () => {
    expect(new Set(draws(keyedRandom(keyA, "seven"), 500, 7))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });

  it.each([0, -1, 1.5, 2 ** 32 + 1, Number.NaN, Number.POSITIVE_INFINITY])(
    "throws a RangeError when max is %s",
    (max) => {
      const random = keyedRandom(keyA, "invalid");
      expect(() => random(max)).toThrow(RangeError);
    },
  );

  it("draws without bias when max is 10 (chi-square over 200,000 draws)", () => {
    // 9 degrees of freedom: the 0.999 quantile is 27.88.
    expect(chiSquare(keyedRandom(keyA, "chi-10"), 200_000, 10)).toBeLessThan(27.88);
  });

  it("draws without bias when max is 57, not a power of two (chi-square over 200,000 draws)", () => {
    // 56 degrees of freedom: the 0.999 quantile is 94.46.
    expect(chiSquare(keyedRandom(keyA, "chi-57"), 200_000, 57)).toBeLessThan(94.46);
  });

  it("rejects the surplus values when max leaves a large remainder (3 × 2^30)", () => {
    // 2^32 mod 3·2^30 = 2^30: plain modulo would make the lowest third twice as likely as each other third.
    const max = 3 * 2 ** 30;
    const random = keyedRandom(keyA, "rejection");
    const thirds: RandomInt = () => Math.floor(random(max) / 2 ** 30);
    // 2 degrees of freedom: the 0.999 quantile is 13.82; modulo bias would give about 15,000.
    expect(chiSquare(thirds, 60_000, 3)).toBeLessThan(13.82);
  });
});

describe("generatePassword with keyedRandom", () => {
  it.each(Object.entries(defaultPasswordPolicies))(
    "re-creates the same policy-satisfying %s password for the same key and user",
    (_, policy) => {
      for (const userId of ["user-1", "user-2", "0d5c1f5e-9d0b-4c39-9a43-5d3f0e0b8f11"]) {
        const first = generatePassword(policy, keyedRandom(keyA, userId));
        const second = generatePassword(policy, keyedRandom(keyA, userId));
        expect(second).toBe(first);
        expect(satisfies(first, policy), `${first} for ${JSON.stringify(policy)}`).toBe(true);
      }
    },
  );

  it.each(Object.entries(defaultPasswordPolicies))(
    "gives different %s passwords to different users and under different keys",
    (_, policy) => {
      const passwords = Array.from({ length: 200 }, (_, i) =>
        generatePassword(policy, keyedRandom(keyA, `user-${i}`)),
      );
      expect(new Set(passwords).size).toBeGreaterThan(195);
      expect(generatePassword(policy, keyedRandom(keyB, "user-0"))).not.toBe(passwords[0]);
      for (const password of passwords) expect(satisfies(password, policy), password).toBe(true);
    },
  );
});
