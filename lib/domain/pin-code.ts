import { randomInt } from "node:crypto";
import type { TenantPreferences } from "./model.js";
import type { RandomInt } from "./password-policy.js";

/**
 * PIN codes (IndySoft): a code an admin assigns to a "PIN-code user", with which anyone who holds it signs up new
 * users in that user's likeness. Typed by people from an email, so: 15 characters from an alphabet without look-alikes
 * (no 0/O, no 1/I), in three dashed groups of five, case-insensitive — e.g. `K7QMA-4XRTZ-9HPWD`.
 *
 * The first group is a random public **handle**: argon2 hashes cannot be looked up, so the handle finds the code's
 * owner. The other ten characters are the **secret** (50 bits). The whole code is stored only as a keyed argon2id
 * hash; the handle alone never lets anyone in.
 */
export const pinCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const pinCodeShape = { handleLength: 5, secretLength: 10, groupLength: 5 } as const;

const symbolBits = Math.log2(pinCodeAlphabet.length);
/** Entropy of the secret part (what a guess must match once the handle is known): 50 bits. */
export const pinCodeSecretBits = pinCodeShape.secretLength * symbolBits;
/** Entropy of the handle: 25 bits, enough that a tenant's handles rarely collide (a collision draws again). */
export const pinCodeHandleBits = pinCodeShape.handleLength * symbolBits;

export type PinCode = {
  handle: string;
  /** The canonical form: upper case, dashed groups. What is hashed, and what the email shows. */
  text: string;
};

const pick = (random: RandomInt, length: number) =>
  Array.from({ length }, () => pinCodeAlphabet[random(pinCodeAlphabet.length)] as string).join("");

function format(handle: string, secret: string): string {
  const all = handle + secret;
  const groups: string[] = [];
  for (let i = 0; i < all.length; i += pinCodeShape.groupLength) {
    groups.push(all.slice(i, i + pinCodeShape.groupLength));
  }
  return groups.join("-");
}

/** A new random PIN code; `random` defaults to the CSPRNG (`crypto.randomInt`, unbiased). */
export function generatePinCode(random: RandomInt = randomInt): PinCode {
  const handle = pick(random, pinCodeShape.handleLength);
  const secret = pick(random, pinCodeShape.secretLength);
  return { handle, text: format(handle, secret) };
}

const symbols = new Set(pinCodeAlphabet);

/**
 * Reads a code as a person typed it: any case, with or without dashes or spaces. Undefined when it cannot be a PIN
 * code (wrong length, a character outside the alphabet).
 */
export function parsePinCode(input: string): PinCode | undefined {
  const compact = input.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
  const length = pinCodeShape.handleLength + pinCodeShape.secretLength;
  if (compact.length !== length || ![...compact].every((c) => symbols.has(c))) return undefined;
  const handle = compact.slice(0, pinCodeShape.handleLength);
  return { handle, text: format(handle, compact.slice(pinCodeShape.handleLength)) };
}

/** Which clients the tenant's login option lets sign up with a PIN code. */
export const signUpClients = ["web", "desktop"] as const;
export type SignUpClient = (typeof signUpClients)[number];

export type PinCodeLogin = TenantPreferences["pinCodeLogin"];

/** IndySoft's login options: `all_clients` lets any client sign up, `web_only` the web tier only, `off` none. */
export function allowsSignUp(option: PinCodeLogin, client: SignUpClient): boolean {
  return option === "all_clients" || (option === "web_only" && client === "web");
}

/**
 * Wrong codes per source: at most `maxFailures` failed sign-ups from one address for one tenant in a fixed window.
 * Each code's own credential also locks after five failures (the shared lockout schedule).
 */
export const signUpSourcePolicy = { windowSeconds: 15 * 60, maxFailures: 20 } as const;

/** The start (epoch seconds) of the source-limit window `now` falls in. */
export function sourceWindowStart(now: Date): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return seconds - (seconds % signUpSourcePolicy.windowSeconds);
}

/** Every failed sign-up takes at least this long, whatever failed (unknown handle, wrong secret, locked code). */
export const failedSignUpFloorMs = 400;
