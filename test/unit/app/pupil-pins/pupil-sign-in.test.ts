import { describe, expect, it } from "vitest";
import { signInPupil } from "../../../../lib/app/pupil-pins/pupil-sign-in.js";
import { failedSignInFloorMs } from "../../../../lib/app/sessions/sign-in.js";
import { AuthenticationError, TooManyAttemptsError } from "../../../../lib/domain/errors.js";
import { defaultEarlyYearsSettings } from "../../../../lib/domain/pupil-pin.js";
import { aUser, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps, fakeHashOf } from "../../../fakes/index.js";
import { type AttemptOutcome, lockoutContract } from "../lockout-contract.js";

const pin = "246810";

/** A school with early-years PIN login on for one year group, a class in it and one pupil with a PIN. */
async function reception(options: { enabled?: boolean } = {}) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({
    tenantId,
    earlyYears: {
      ...defaultEarlyYearsSettings,
      enabled: options.enabled ?? true,
      yearGroupIds: ["reception"],
    },
  });
  deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "robins", name: "Robins", type: "class" });
  const pupil = deps.users.seed(
    aUser({
      tenantId,
      username: "ollie.o",
      forename: "Ollie",
      surname: "Owl",
      userType: "student",
      roles: ["pupil"],
    }),
  );
  await deps.groups.linkMany(tenantId, [
    { kind: "member", groupId: "reception", userId: pupil.userId },
    { kind: "member", groupId: "robins", userId: pupil.userId },
  ]);
  await deps.pupilPins.put(tenantId, pupil.userId, {
    hash: fakeHashOf(pin),
    status: "changed",
    source: "chosen",
    changedAt: "2025-05-01T00:00:00.000Z",
    changedBy: "user:teacher",
  });
  const byUsername = (secret: string, username = "ollie.o") =>
    signInPupil(deps, { tenantId, username, pin: secret, sourceIp: "198.51.100.1" });
  const byName = (name: string, secret = pin) =>
    signInPupil(deps, { tenantId, groupId: "robins", name, pin: secret, sourceIp: "198.51.100.1" });
  return { deps, tenantId, pupil, byUsername, byName };
}

async function outcome(attempt: Promise<unknown>): Promise<AttemptOutcome> {
  try {
    await attempt;
    return "ok";
  } catch (error) {
    if (error instanceof AuthenticationError) return "refused";
    // The per-source limit (20 failures) stops a flood before the pupil's lockout sees it: told, not let in.
    if (error instanceof TooManyAttemptsError) return "locked";
    throw error;
  }
}

describe("signInPupil", () => {
  it("gives a pupil a session with the pupil role only, by username or by class and name", async () => {
    const r = await reception();
    const session = await r.byUsername(pin);
    expect(session.user.roles).toEqual(["pupil"]);
    await expect(r.deps.sessions.verify(session.token, r.deps.clock.now())).resolves.toMatchObject({
      userId: r.pupil.userId,
      roles: ["pupil"],
    });
    await expect(r.byName("  ollie   OWL ")).resolves.toMatchObject({ user: { userId: r.pupil.userId } });
    await expect(r.byName("Ollie")).resolves.toMatchObject({ user: { userId: r.pupil.userId } });
  });

  it("refuses a forename two pupils of the class share, with the same error and floor", async () => {
    const r = await reception();
    const twin = r.deps.users.seed(
      aUser({
        tenantId: r.tenantId,
        forename: "Ollie",
        surname: "Otter",
        userType: "student",
        roles: ["pupil"],
      }),
    );
    await r.deps.groups.link(r.tenantId, "member", "robins", twin.userId);
    const started = r.deps.clock.now().getTime();
    await expect(r.byName("Ollie")).rejects.toBeInstanceOf(AuthenticationError);
    expect(r.deps.clock.now().getTime() - started).toBeGreaterThanOrEqual(failedSignInFloorMs);
    await expect(r.byName("Ollie Owl")).resolves.toBeDefined();
  });

  it("answers the same for a school with PIN login off, an unknown pupil and a pupil outside the year groups", async () => {
    const off = await reception({ enabled: false });
    await expect(off.byUsername(pin)).rejects.toBeInstanceOf(AuthenticationError);
    const r = await reception();
    await expect(r.byUsername(pin, "nobody")).rejects.toBeInstanceOf(AuthenticationError);
    const older = r.deps.users.seed(
      aUser({ tenantId: r.tenantId, username: "year.two", userType: "student", roles: ["pupil"] }),
    );
    await r.deps.pupilPins.put(r.tenantId, older.userId, {
      hash: fakeHashOf(pin),
      status: "changed",
      source: "chosen",
      changedAt: "2025-05-01T00:00:00.000Z",
      changedBy: "user:teacher",
    });
    await expect(r.byUsername(pin, "year.two")).rejects.toBeInstanceOf(AuthenticationError);
    expect(r.deps.hasher.verifications).toBe(0);
    expect(r.deps.hasher.burns).toBe(2);
  });

  describe("lockout", () => {
    lockoutContract(async () => {
      const r = await reception();
      return {
        deps: r.deps,
        tenantId: r.tenantId,
        userId: r.pupil.userId,
        kind: "pupil-pin",
        right: pin,
        wrong: "135790",
        attempt: (secret) => outcome(r.byUsername(secret)),
      };
    });
  });

  it("starts the counters again when a teacher sets a new PIN", async () => {
    const r = await reception();
    for (let i = 0; i < 5; i++)
      await expect(r.byUsername("000000")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(r.byUsername(pin)).rejects.toBeInstanceOf(AuthenticationError);
    await r.deps.pupilPins.put(r.tenantId, r.pupil.userId, {
      hash: fakeHashOf("97531"),
      status: "changed",
      source: "chosen",
      changedAt: r.deps.clock.now().toISOString(),
      changedBy: "user:teacher",
    });
    await expect(r.byUsername("97531")).resolves.toBeDefined();
  });
});

describe("signInPupil per-source and per-school failure limits", () => {
  const from = (
    r: Awaited<ReturnType<typeof reception>>,
    sourceIp: string,
    secret: string,
    username = "nobody",
  ) => signInPupil(r.deps, { tenantId: r.tenantId, username, pin: secret, sourceIp });

  it("answers 429 after 20 failures from one address in a window, even with the right PIN, and not for another address", async () => {
    const r = await reception();
    for (let i = 0; i < 20; i++) {
      await expect(from(r, "203.0.113.7", "482913", `guess.${i}`)).rejects.toBeInstanceOf(
        AuthenticationError,
      );
    }
    const limited = from(r, "203.0.113.7", pin, "ollie.o");
    await expect(limited).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(limited).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    await expect(from(r, "203.0.113.8", pin, "ollie.o")).resolves.toMatchObject({
      user: { username: "ollie.o" },
    });
  });

  it("answers 429 to every address once the school had 100 failures in a window", async () => {
    const r = await reception();
    for (let i = 0; i < 100; i++) {
      await expect(from(r, `203.0.113.${i % 6}`, "482913")).rejects.toBeInstanceOf(AuthenticationError);
    }
    await expect(from(r, "198.51.100.99", pin, "ollie.o")).rejects.toBeInstanceOf(TooManyAttemptsError);
    // Another window starts afresh.
    r.deps.clock.advance(15 * 60_000);
    await expect(from(r, "198.51.100.99", pin, "ollie.o")).resolves.toBeDefined();
  });

  it("counts only failures: successes give their attempts back", async () => {
    const r = await reception();
    for (let i = 0; i < 30; i++) await expect(r.byUsername(pin)).resolves.toBeDefined();
    for (let i = 0; i < 20; i++)
      await expect(from(r, "198.51.100.1", "482913")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(r.byUsername(pin)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });
});
