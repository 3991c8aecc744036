import { describe, expect, it } from "vitest";
import { changePupilPin, randomisePupilPin } from "../../../../lib/app/pupil-pins/pupil-pins.js";
import { signInPupil } from "../../../../lib/app/pupil-pins/pupil-sign-in.js";
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../../lib/domain/errors.js";
import type { Role } from "../../../../lib/domain/model.js";
import type { Principal } from "../../../../lib/domain/permissions.js";
import { defaultEarlyYearsSettings } from "../../../../lib/domain/pupil-pin.js";
import { apiKeyPrincipal, aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps, fakeHashOf } from "../../../fakes/index.js";

/**
 * A school with early-years PIN login on for Reception, two Reception classes with a class teacher each, and a
 * pupil in Robins with a default PIN.
 */
async function school(options: { teacherLinks?: boolean; minLength?: number; enabled?: boolean } = {}) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({
    tenantId,
    hasClassTeacherLinks: options.teacherLinks ?? true,
    earlyYears: {
      ...defaultEarlyYearsSettings,
      enabled: options.enabled ?? true,
      yearGroupIds: ["reception"],
      minLength: options.minLength ?? 4,
    },
  });
  deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "robins", name: "Robins", yearGroup: "Reception" });
  deps.groups.seed({ tenantId, groupId: "wrens", name: "Wrens", yearGroup: "Reception" });
  const pupil = deps.users.seed(
    aUser({ tenantId, username: "ollie.o", userType: "student", roles: ["pupil"] }),
  );
  await deps.groups.linkMany(tenantId, [
    { kind: "member", groupId: "reception", userId: pupil.userId },
    { kind: "member", groupId: "robins", userId: pupil.userId },
  ]);
  await deps.pupilPins.put(tenantId, pupil.userId, {
    hash: fakeHashOf("0105"),
    status: "default",
    source: "birthday",
    changedAt: "2025-01-01T00:00:00.000Z",
    changedBy: "user:system",
  });
  const staff = (roles: Role[], teaches: string[] = []): Principal => {
    const user = deps.users.seed(aUser({ tenantId, roles }));
    for (const groupId of teaches) deps.groups.seedLink(tenantId, "teacher", groupId, user.userId);
    return userPrincipal(tenantId, user.userId, roles);
  };
  const change = (principal: Principal, pin: string, userId = pupil.userId) =>
    changePupilPin(deps, principal, userId, { pin });
  const signIn = (pin: string) =>
    signInPupil(deps, { tenantId, username: "ollie.o", pin, sourceIp: "198.51.100.1" });
  return { deps, tenantId, pupil, staff, change, signIn };
}

describe("changePupilPin by role", () => {
  it("lets the class teacher of the pupil's class change the PIN", async () => {
    const s = await school();
    await expect(s.change(s.staff(["class-teacher"], ["robins"]), "4807")).resolves.toMatchObject({
      status: "changed",
    });
  });

  it("refuses the class teacher of another class", async () => {
    const s = await school();
    await expect(s.change(s.staff(["class-teacher"], ["wrens"]), "4807")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("lets a nominated contact change any pupil's PIN", async () => {
    const s = await school();
    await expect(s.change(s.staff(["nominated-contact"]), "4807")).resolves.toMatchObject({
      status: "changed",
    });
  });

  it("refuses a site admin, the headteacher, staff, a pupil and an API key", async () => {
    const s = await school();
    const refused: Principal[] = [
      s.staff(["site-admin"]),
      s.staff(["headteacher"]),
      s.staff(["staff"], ["robins"]),
      userPrincipal(s.tenantId, s.pupil.userId, ["pupil"]),
      apiKeyPrincipal(s.tenantId),
    ];
    for (const principal of refused) {
      await expect(s.change(principal, "4807")).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(s.signIn("0105")).resolves.toBeDefined();
  });

  it("lets only nominated contacts change PINs when the school sends no class-teacher links", async () => {
    const s = await school({ teacherLinks: false });
    await expect(s.change(s.staff(["class-teacher"], ["robins"]), "4807")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(s.change(s.staff(["nominated-contact"]), "4807")).resolves.toBeDefined();
  });

  it("refuses a PIN shorter than the school's minimum, or not all digits, naming the field", async () => {
    const s = await school({ minLength: 6 });
    const contact = s.staff(["nominated-contact"]);
    await expect(s.change(contact, "12345")).rejects.toMatchObject({ errors: [{ pointer: "/pin" }] });
    await expect(s.change(contact, "12a456")).rejects.toBeInstanceOf(ValidationError);
    await expect(s.change(contact, "12345678901")).rejects.toBeInstanceOf(ValidationError);
    await expect(s.change(contact, "483926")).resolves.toBeDefined();
  });

  it("answers 409 while PIN login is off, and 404 for someone who is not an early-years pupil", async () => {
    const off = await school({ enabled: false });
    await expect(off.change(off.staff(["nominated-contact"]), "4807")).rejects.toBeInstanceOf(ConflictError);
    const s = await school();
    const contact = s.staff(["nominated-contact"]);
    const older = s.deps.users.seed(aUser({ tenantId: s.tenantId, userType: "student", roles: ["pupil"] }));
    await expect(s.change(contact, "4807", older.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.change(contact, "4807", "no-such-user")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("replaces the PIN at once, records who changed it and puts it on the pupil's history", async () => {
    const s = await school();
    const teacher = s.staff(["class-teacher"], ["robins"]);
    const result = await s.change(teacher, "4807");
    const actor = `user:${(teacher as { userId: string }).userId}`;
    expect(result).toEqual({
      userId: s.pupil.userId,
      status: "changed",
      lastChangedAt: s.deps.clock.now().toISOString(),
      lastChangedBy: actor,
    });
    await expect(s.signIn("0105")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(s.signIn("4807")).resolves.toBeDefined();
    const history = await s.deps.audit.forUser(s.tenantId, s.pupil.userId, { limit: 10 });
    expect(history.items).toEqual([
      expect.objectContaining({ action: "pupil-pin.changed", actor, details: { how: "chosen" } }),
    ]);
    const statuses = await s.deps.pupilPins.statusesOf(s.tenantId, [s.pupil.userId]);
    expect(statuses.get(s.pupil.userId)).toMatchObject({
      status: "changed",
      source: "chosen",
      changedBy: actor,
    });
  });

  it("gives a random PIN of the asked length, shown in the answer only, under the same rules", async () => {
    const s = await school({ minLength: 6 });
    const contact = s.staff(["nominated-contact"]);
    const result = await randomisePupilPin(s.deps, contact, s.pupil.userId, { length: 8 });
    expect(result.pin).toMatch(/^\d{8}$/);
    expect(result.username).toBe("ollie.o");
    await expect(s.signIn(result.pin)).resolves.toBeDefined();
    await expect(randomisePupilPin(s.deps, contact, s.pupil.userId, { length: 5 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      randomisePupilPin(s.deps, s.staff(["class-teacher"], ["wrens"]), s.pupil.userId, {}),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
