import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { idempotencyKeyOf } from "../../../functions/middleware/idempotency-key.js";
import { idempotently, idempotentPage, pageWaitMs } from "../../../functions/middleware/idempotent.js";
import { PageProblem } from "../../../functions/middleware/page-function.js";
import { HttpProblem } from "../../../functions/middleware/problem-details.js";
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from "../../../lib/domain/idempotency.js";
import type { Principal } from "../../../lib/domain/permissions.js";
import { FakeClock, FakeIdempotencyStore } from "../../fakes/index.js";

const route = { name: "start-regeneration", lambda: { timeoutSeconds: 29 } };
const admin: Principal = { kind: "user", tenantId: "t1", userId: "u1", roles: ["site-admin"] };
const allowed = () => undefined;
const job = (id: string) => ({ status: 202, body: { jobId: id }, headers: { location: `/v1/jobs/${id}` } });

function setup() {
  const clock = new FakeClock();
  const store = new FakeIdempotencyStore(clock);
  let runs = 0;
  const start = async () => job(`job-${++runs}`);
  return { clock, store, start, runs: () => runs };
}

describe("idempotently (API bulk starts)", () => {
  it("runs once per key and replays the first answer with Idempotent-Replayed", async () => {
    const { store, start, runs } = setup();
    const input = { principal: admin, idempotencyKey: "k1", body: { groupIds: ["g"], password: "pw" } };
    const first = await idempotently(() => store, route, input, allowed, start);
    const again = await idempotently(
      () => store,
      route,
      { ...input, body: { groupIds: ["g"], password: "other" } },
      allowed,
      start,
    );
    expect(first).toEqual(job("job-1"));
    expect(again).toEqual({
      ...job("job-1"),
      headers: { location: "/v1/jobs/job-1", "idempotent-replayed": "true" },
    });
    expect(runs()).toBe(1);
  });

  it("runs every request without a key", async () => {
    const { store, start, runs } = setup();
    await idempotently(() => store, route, { principal: admin }, allowed, start);
    await idempotently(() => store, route, { principal: admin }, allowed, start);
    expect(runs()).toBe(2);
    expect(store.entries.size).toBe(0);
  });

  it("refuses the same key with another body, and a call while the first runs", async () => {
    const { store, start } = setup();
    const input = { principal: admin, idempotencyKey: "k1", body: { groupIds: ["g"] } };
    await idempotently(() => store, route, input, allowed, start);
    await expect(
      idempotently(() => store, route, { ...input, body: { groupIds: ["h"] } }, allowed, start),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    let release: () => void = () => undefined;
    const slow = idempotently(
      () => store,
      route,
      { ...input, idempotencyKey: "k2" },
      allowed,
      async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return job("slow");
      },
    );
    await expect(
      idempotently(() => store, route, { ...input, idempotencyKey: "k2" }, allowed, start),
    ).rejects.toBeInstanceOf(IdempotencyInProgressError);
    release();
    expect(await slow).toEqual(job("slow"));
  });

  it("keeps keys per tenant and per caller", async () => {
    const { store, start, runs } = setup();
    const body = { groupIds: ["g"] };
    await idempotently(() => store, route, { principal: admin, idempotencyKey: "k", body }, allowed, start);
    await idempotently(
      () => store,
      route,
      { principal: { ...admin, tenantId: "t2" }, idempotencyKey: "k", body },
      allowed,
      start,
    );
    await idempotently(
      () => store,
      route,
      { principal: { ...admin, userId: "u2" }, idempotencyKey: "k", body },
      allowed,
      start,
    );
    const key: Principal = { kind: "api-key", tenantId: "t1", keyId: "u1" };
    await idempotently(() => store, route, { principal: key, idempotencyKey: "k", body }, allowed, start);
    expect(runs()).toBe(4);
  });

  it("keeps no error: a thrown error or a non-2xx answer releases the key", async () => {
    const { store, start, runs } = setup();
    const input = { principal: admin, idempotencyKey: "k", body: {} };
    await expect(
      idempotently(
        () => store,
        route,
        input,
        allowed,
        async () => {
          throw new Error("boom");
        },
      ),
    ).rejects.toThrow("boom");
    expect(
      await idempotently(
        () => store,
        route,
        input,
        allowed,
        async () => ({ status: 409 }),
      ),
    ).toEqual({ status: 409 });
    expect(await idempotently(() => store, route, input, allowed, start)).toEqual(job("job-1"));
    expect(runs()).toBe(1);
  });

  it("checks that the caller may still start it before a replay: one who lost the right is refused", async () => {
    const { store, start, runs } = setup();
    const input = { principal: admin, idempotencyKey: "k", body: {} };
    await idempotently(() => store, route, input, allowed, start);
    const revoked = () => {
      throw new Error("not allowed any more");
    };
    await expect(idempotently(() => store, route, input, revoked, start)).rejects.toThrow(
      "not allowed any more",
    );
    expect(runs()).toBe(1);
  });

  it("gives but does not keep an answer too large for one DynamoDB item", async () => {
    const { store } = setup();
    const input = { principal: admin, idempotencyKey: "k", body: {} };
    const huge = { status: 200, body: { errors: ["x".repeat(400 * 1024)] } };
    expect(
      await idempotently(
        () => store,
        route,
        input,
        allowed,
        async () => huge,
      ),
    ).toBe(huge);
    expect(store.entries.size).toBe(0);
  });

  it("forgets a key after 24 hours, and a first call that never finished after its lease (the function's timeout)", async () => {
    const { clock, store, start, runs } = setup();
    const input = { principal: admin, idempotencyKey: "k", body: {} };
    await idempotently(() => store, route, input, allowed, start);
    clock.advance(24 * 3600 * 1000 - 1);
    expect((await idempotently(() => store, route, input, allowed, start)).body).toEqual({ jobId: "job-1" });
    clock.advance(1);
    expect((await idempotently(() => store, route, input, allowed, start)).body).toEqual({ jobId: "job-2" });

    const stuck = { ...input, idempotencyKey: "crashed" };
    void idempotently(
      () => store,
      route,
      stuck,
      allowed,
      () => new Promise(() => undefined),
    );
    await expect(idempotently(() => store, route, stuck, allowed, start)).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    clock.advance(29_000);
    expect((await idempotently(() => store, route, stuck, allowed, start)).body).toEqual({ jobId: "job-3" });
    expect(runs()).toBe(3);
  });
});

describe("idempotentPage (console confirmations)", () => {
  const deps = (store: FakeIdempotencyStore, clock: FakeClock) => ({ store: () => store, clock });
  const page = { ...route, name: "console-regenerate-start" };

  it("keeps only redirects: a refusal page releases the key, the redirect is replayed", async () => {
    const { clock, store } = setup();
    const input = { principal: admin, form: { groups: "g", password: "x" }, idempotencyKey: "k" };
    const refusal = { status: 401, title: "Confirm", body: { html: "" } as never };
    expect(await idempotentPage(deps(store, clock), page, input, async () => refusal)).toBe(refusal);
    expect(
      await idempotentPage(deps(store, clock), page, input, async () => ({ redirect: "/console/jobs/a" })),
    ).toEqual({
      redirect: "/console/jobs/a",
    });
    expect(
      await idempotentPage(deps(store, clock), page, input, async () => ({ redirect: "/console/jobs/b" })),
    ).toEqual({
      redirect: "/console/jobs/a",
    });
  });

  it("waits for the first submission's answer, and gives up with a 409 page after a while", async () => {
    const { clock, store } = setup();
    const input = { principal: admin, form: { groups: "g" }, idempotencyKey: "k" };
    let finish: () => void = () => undefined;
    const first = idempotentPage(deps(store, clock), page, input, async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return { redirect: "/console/jobs/first" };
    });
    const sleeping = clock.sleep.bind(clock);
    clock.sleep = async (ms) => {
      finish();
      await new Promise((resolve) => setTimeout(resolve, 0));
      return sleeping(ms);
    };
    const second = await idempotentPage(deps(store, clock), page, input, async () => ({
      redirect: "/console/jobs/x",
    }));
    expect(second).toEqual({ redirect: "/console/jobs/first" });
    expect(await first).toEqual({ redirect: "/console/jobs/first" });

    const never = { ...input, idempotencyKey: "never" };
    void idempotentPage(
      deps(store, new FakeClock(clock.now())),
      page,
      never,
      () => new Promise(() => undefined),
    );
    const slowClock = new FakeClock(clock.now());
    const gaveUp = idempotentPage(deps(store, slowClock), page, never, async () => ({ redirect: "/x" }));
    await expect(gaveUp).rejects.toBeInstanceOf(PageProblem);
    await expect(gaveUp).rejects.toMatchObject({ status: 409 });
    expect(slowClock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(pageWaitMs);
  });

  it("shows a 422 page for a key sent again with other choices", async () => {
    const { clock, store } = setup();
    const input = { principal: admin, form: { groups: "g" }, idempotencyKey: "k" };
    await idempotentPage(deps(store, clock), page, input, async () => ({ redirect: "/a" }));
    await expect(
      idempotentPage(deps(store, clock), page, { ...input, form: { groups: "h" } }, async () => ({
        redirect: "/b",
      })),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe("idempotencyKeyOf", () => {
  const event = (key?: string) =>
    ({ headers: key === undefined ? {} : { "idempotency-key": key } }) as unknown as APIGatewayProxyEventV2;
  const contract = { summary: "s", tag: "t", auth: "required" as const, responses: {}, idempotent: true };

  it("reads the optional header on routes that take it and refuses a bad one with 400", () => {
    expect(idempotencyKeyOf(contract, event())).toBeUndefined();
    expect(idempotencyKeyOf(contract, event("abc"))).toBe("abc");
    expect(() => idempotencyKeyOf(contract, event("x".repeat(256)))).toThrow(HttpProblem);
    const thrown = (() => {
      try {
        return idempotencyKeyOf(contract, event("a\u0001"));
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ status: 400, code: "invalid-idempotency-key" });
  });

  it("ignores the header on other routes", () => {
    expect(idempotencyKeyOf({ ...contract, idempotent: false }, event("x".repeat(300)))).toBeUndefined();
  });
});
