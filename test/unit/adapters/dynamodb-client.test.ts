import { describe, expect, it } from "vitest";
import { cursor, InvalidCursorError, isConditionFailure } from "../../../lib/adapters/dynamodb/client.js";
import { ValidationError } from "../../../lib/domain/errors.js";

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe("isConditionFailure", () => {
  it("is true when a conditional write failed its condition", () => {
    expect(isConditionFailure(named("ConditionalCheckFailedException"))).toBe(true);
  });

  it("is true when a transaction was cancelled by a failed condition among other reasons", () => {
    const error = named("TransactionCanceledException", {
      CancellationReasons: [{ Code: "None" }, { Code: "ConditionalCheckFailed" }],
    });
    expect(isConditionFailure(error)).toBe(true);
  });

  it("is false when a transaction was cancelled for reasons other than a condition", () => {
    const error = named("TransactionCanceledException", {
      CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
    });
    expect(isConditionFailure(error)).toBe(false);
    expect(isConditionFailure(named("TransactionCanceledException"))).toBe(false);
  });

  it("is false for other errors and non-errors", () => {
    expect(isConditionFailure(named("ProvisionedThroughputExceededException"))).toBe(false);
    expect(isConditionFailure(new Error("ConditionalCheckFailedException"))).toBe(false);
    expect(isConditionFailure(undefined)).toBe(false);
    expect(isConditionFailure("ConditionalCheckFailedException")).toBe(false);
  });
});

describe("cursor", () => {
  const lastKey = { pk: "T#acme#USERS", sk: "USER", gsi1sk: "lovelace ada#u1" };

  it("round-trips a LastEvaluatedKey through an opaque base64url string", () => {
    const encoded = cursor.encode(lastKey);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain("T#acme");
    expect(cursor.decode(encoded)).toEqual(lastKey);
  });

  it("encodes no key as no cursor and decodes no cursor as no key", () => {
    expect(cursor.encode(undefined)).toBeUndefined();
    expect(cursor.decode(undefined)).toBeUndefined();
    expect(cursor.decode("")).toBeUndefined();
  });

  it("accepts a cursor that passes the expected-partition check", () => {
    const encoded = cursor.encode(lastKey);
    expect(cursor.decode(encoded, (k) => k.pk === "T#acme#USERS")).toEqual(lastKey);
  });

  it("rejects a cursor from another list or tenant with InvalidCursorError", () => {
    const encoded = cursor.encode(lastKey);
    expect(() => cursor.decode(encoded, (k) => k.pk === "T#other#USERS")).toThrow(InvalidCursorError);
  });

  it("rejects garbage that is not base64url JSON", () => {
    expect(() => cursor.decode("not a cursor!")).toThrow(InvalidCursorError);
    expect(() => cursor.decode(Buffer.from("{oops").toString("base64url"))).toThrow(InvalidCursorError);
  });

  it("rejects JSON that is not an object", () => {
    expect(() => cursor.decode(Buffer.from("null").toString("base64url"))).toThrow(InvalidCursorError);
    expect(() => cursor.decode(Buffer.from("42").toString("base64url"))).toThrow(InvalidCursorError);
    expect(() => cursor.decode(Buffer.from('"x"').toString("base64url"))).toThrow(InvalidCursorError);
  });

  it("throws a ValidationError pointing at /cursor so the edge answers with a field error", () => {
    let caught: unknown;
    try {
      cursor.decode("%%%");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).errors).toEqual([{ pointer: "/cursor", detail: "invalid cursor" }]);
  });
});
