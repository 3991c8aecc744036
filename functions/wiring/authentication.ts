import type { Deps } from "../../lib/app/deps.js";
import { clock } from "./clock.js";
import { sessionRevocations, tenants } from "./dynamodb.js";
import { sessions } from "./secrets.js";

/** What checking a caller's API key or session needs: only functions of routes with `auth: required` import it. */
export const authentication = (): Pick<Deps, "tenants" | "sessions" | "sessionRevocations" | "clock"> => ({
  tenants: tenants(),
  sessions: sessions(),
  sessionRevocations: sessionRevocations(),
  clock,
});
