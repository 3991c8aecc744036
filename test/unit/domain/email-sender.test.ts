import { describe, expect, it } from "vitest";
import { addressDomain, maySendFrom, senderDomains } from "../../../lib/domain/email-sender.js";

describe("senderDomains", () => {
  it("takes the configured list, trimmed, lower-cased and once each", () => {
    expect(senderDomains(" Latchkey.example, oakfield.sch.uk ,latchkey.example,", "x@y.example")).toEqual([
      "latchkey.example",
      "oakfield.sch.uk",
    ]);
  });

  it("falls back to the default sender's domain", () => {
    expect(senderDomains(undefined, "no-reply@Latchkey.example")).toEqual(["latchkey.example"]);
    expect(senderDomains("", "no-reply@latchkey.example")).toEqual(["latchkey.example"]);
  });
});

describe("maySendFrom", () => {
  const domains = ["latchkey.example", "oakfield.sch.uk"];

  it("allows any address on a verified domain, whatever its case", () => {
    expect(maySendFrom("office@oakfield.sch.uk", domains)).toBe(true);
    expect(maySendFrom("Office@OAKFIELD.sch.uk", domains)).toBe(true);
  });

  it("refuses other domains, subdomains, look-alikes and malformed addresses", () => {
    for (const address of [
      "head@gov.example",
      "x@sub.oakfield.sch.uk",
      "x@oakfield.sch.uk.evil.example",
      "x@evil-oakfield.sch.uk",
      "oakfield.sch.uk",
      "@oakfield.sch.uk",
      "a b@oakfield.sch.uk",
      "x@y@oakfield.sch.uk",
      "x@oakfield.sch.uk\r\nBcc: z@evil.example",
    ]) {
      expect(maySendFrom(address, domains), address).toBe(false);
    }
  });

  it("reads the domain after the last @", () => {
    expect(addressDomain("a@B.example")).toBe("b.example");
    expect(addressDomain("nobody")).toBe("");
  });
});
