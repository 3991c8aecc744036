import { OtplibTotp } from "../../lib/adapters/crypto/otplib-totp.js";

/** Authenticator codes (RFC 6238): pure computation, no access needed. */
let built: OtplibTotp | undefined;
export const totp = () => (built ??= new OtplibTotp());
