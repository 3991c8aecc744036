import { describe, expect, it } from "vitest";
import {
  allowsSignUp,
  generatePinCode,
  parsePinCode,
  pinCodeAlphabet,
  pinCodeHandleBits,
  pinCodeSecretBits,
  signUpSourcePolicy,
  sourceWindowStart,
} from "../../../lib/domain/pin-code.js";

const shape = new RegExp(`^[${pinCodeAlphabet}]{5}-[${pinCodeAlphabet}]{5}-[${pinCodeAlphabet}]{5}$`);

describe("PIN code", () => {
  it("has at least 40 bits of secret (50) besides a 25-bit public handle", () => {
    expect(pinCodeSecretBits).toBeGreaterThanOrEqual(40);
    expect(pinCodeSecretBits).toBe(50);
    expect(pinCodeHandleBits).toBe(25);
  });

  it("uses 32 symbols without look-alikes: no 0/O, no 1/I, no lower case", () => {
    expect(new Set(pinCodeAlphabet).size).toBe(32);
    for (const c of ["0", "O", "1", "I"]) expect(pinCodeAlphabet).not.toContain(c);
    expect(pinCodeAlphabet).toBe(pinCodeAlphabet.toUpperCase());
  });

  it("generates three dashed groups of five, the first being the handle", () => {
    for (let i = 0; i < 200; i++) {
      const code = generatePinCode();
      expect(code.text).toMatch(shape);
      expect(code.text.slice(0, 5)).toBe(code.handle);
    }
  });

  it("draws every symbol from the random source, uniformly mapped", () => {
    let n = 0;
    const code = generatePinCode((max) => {
      expect(max).toBe(32);
      return n++ % max;
    });
    expect(code.text).toBe("23456-789AB-CDEFG");
    expect(code.handle).toBe("23456");
  });

  it("does not repeat in 10,000 codes", () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generatePinCode().text));
    expect(codes.size).toBe(10_000);
  });

  it("parses what people type: any case, spaces or no dashes, back to the canonical form", () => {
    const { text, handle } = generatePinCode();
    for (const typed of [
      text,
      text.toLowerCase(),
      text.replaceAll("-", ""),
      ` ${text.replaceAll("-", " ")} `,
    ]) {
      expect(parsePinCode(typed)).toEqual({ handle, text });
    }
  });

  it("refuses codes with a wrong length or a symbol outside the alphabet", () => {
    for (const typed of [
      "",
      "1234",
      "K7QMA-4XRTZ-9HPW",
      "K7QMA-4XRTZ-9HPWDD",
      "K7QMA-4XRTZ-9HPW0",
      "K7QMA-4XRTZ-9HPWI",
      "K7QMA_4XRTZ_9HPWD",
    ]) {
      expect(parsePinCode(typed), typed).toBeUndefined();
    }
    expect(parsePinCode("K7QMA-4XRTZ-9HPWD")).toEqual({ handle: "K7QMA", text: "K7QMA-4XRTZ-9HPWD" });
  });
});

describe("allowsSignUp", () => {
  it("follows the tenant's login option: all clients, the web tier only, or none", () => {
    expect(allowsSignUp("all_clients", "web")).toBe(true);
    expect(allowsSignUp("all_clients", "desktop")).toBe(true);
    expect(allowsSignUp("web_only", "web")).toBe(true);
    expect(allowsSignUp("web_only", "desktop")).toBe(false);
    expect(allowsSignUp("off", "web")).toBe(false);
    expect(allowsSignUp("off", "desktop")).toBe(false);
  });
});

describe("sourceWindowStart", () => {
  it("puts every moment of one window in the same window", () => {
    const start = sourceWindowStart(new Date("2026-11-22T10:00:00Z"));
    expect(sourceWindowStart(new Date("2026-11-22T10:14:59Z"))).toBe(start);
    expect(sourceWindowStart(new Date("2026-11-22T10:15:00Z"))).toBe(
      start + signUpSourcePolicy.windowSeconds,
    );
  });
});
