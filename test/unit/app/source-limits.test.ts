import { describe, expect, it } from "vitest";
import { reserveSourceAttempt } from "../../../lib/app/source-limits.js";
import { TooManyAttemptsError } from "../../../lib/domain/errors.js";
import { retryAfterSeconds, type SourceLimits } from "../../../lib/domain/rate-limits.js";
import { FakeSourceAttempts } from "../../fakes/index.js";

const limits: SourceLimits = { label: "test", perSource: 3, perTenant: 5, spareCleanSources: true };
const now = new Date("2026-11-29T10:05:00.000Z"); // 5 minutes into a 15-minute window

function setup() {
  const deps = { sourceAttempts: new FakeSourceAttempts() };
  const reserve = (ip: string, at = now) => reserveSourceAttempt(deps, "t1", ip, limits, at);
  return { deps, reserve };
}

async function refusal(attempt: Promise<unknown>) {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("reserveSourceAttempt", () => {
  it("refuses a source over its limit with the seconds left in the window, and lets other sources through", async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) await s.reserve("198.51.100.1");
    const error = await refusal(s.reserve("198.51.100.1"));
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as TooManyAttemptsError).retryAfterSeconds).toBe(600);
    await expect(s.reserve("198.51.100.2")).resolves.toBeTypeOf("function");
  });

  it("gives an attempt back when released, so successes never fill a window", async () => {
    const s = setup();
    for (let i = 0; i < 10; i++) await (await s.reserve("198.51.100.1"))();
    await expect(s.reserve("198.51.100.1")).resolves.toBeTypeOf("function");
  });

  it("once the tenant's window is full, refuses sources that already failed but lets a clean source try once", async () => {
    const s = setup();
    // Five failures from two attackers fill the tenant's window.
    for (let i = 0; i < 3; i++) await s.reserve("203.0.113.1");
    for (let i = 0; i < 2; i++) await s.reserve("203.0.113.2");
    expect(await refusal(s.reserve("203.0.113.2"))).toBeInstanceOf(TooManyAttemptsError);
    // A teacher who has not failed gets through; after one failure of their own they wait too.
    await expect(s.reserve("198.51.100.7")).resolves.toBeTypeOf("function");
    expect(await refusal(s.reserve("198.51.100.7"))).toBeInstanceOf(TooManyAttemptsError);
    // A clean source that succeeds gives its attempt back and stays clean.
    const release = await s.reserve("198.51.100.8");
    await release();
    await expect(s.reserve("198.51.100.8")).resolves.toBeTypeOf("function");
  });

  it("refuses every source once the tenant's window is full when the limits spare no clean source", async () => {
    const deps = { sourceAttempts: new FakeSourceAttempts() };
    const hard = { ...limits, spareCleanSources: false };
    for (let i = 0; i < 5; i++) await reserveSourceAttempt(deps, "t1", `203.0.113.${i}`, hard, now);
    expect(await refusal(reserveSourceAttempt(deps, "t1", "198.51.100.7", hard, now))).toBeInstanceOf(
      TooManyAttemptsError,
    );
  });

  it("starts afresh in the next window", async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) await s.reserve("198.51.100.1");
    const next = new Date(now.getTime() + 10 * 60_000);
    await expect(s.reserve("198.51.100.1", next)).resolves.toBeTypeOf("function");
  });
});

describe("retryAfterSeconds", () => {
  it("is the time left in the window, at least one second", () => {
    const start = Math.floor(now.getTime() / 1000) - 300;
    expect(retryAfterSeconds(now, start, 900)).toBe(600);
    expect(retryAfterSeconds(now, start - 900, 900)).toBe(1);
  });
});
