import { generateSecret, generateURI, verify } from "otplib";
import type { Totp, TotpParameters } from "../../ports/totp.js";

/** The issuer the authenticator app shows beside the account label. */
export const totpIssuer = "Latchkey";
const period = 30;

/** RFC 6238 codes through otplib's functional API (SHA-1, 6 digits, 30 s unless told otherwise). */
export class OtplibTotp implements Totp {
  newSecret(): string {
    return generateSecret({ length: 20 });
  }

  uri(secret: string, label: string): string {
    return generateURI({ issuer: totpIssuer, label, secret, period, digits: 6, algorithm: "sha1" });
  }

  async verify(
    secret: string,
    code: string,
    now: Date,
    parameters: TotpParameters = {},
  ): Promise<number | undefined> {
    const digits = parameters.digits ?? 6;
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
    const result = await verify({
      secret,
      token: code,
      period,
      digits,
      algorithm: parameters.algorithm ?? "sha1",
      epoch: Math.floor(now.getTime() / 1000),
      // The current step and the one before it, never a future one.
      epochTolerance: [period, 0],
    });
    return result.valid && "timeStep" in result ? result.timeStep : undefined;
  }
}
