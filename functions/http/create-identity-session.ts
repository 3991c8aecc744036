import { sessionView } from "../../lib/api/views.js";
import { signInWithLatchkeyId } from "../../lib/app/identities/identity-sign-in.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import {
  authenticators,
  credentials,
  identities,
  sourceAttempts,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof signInWithLatchkeyId>[0] => ({
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  identities: identities(),
  sessions: sessions(),
  sourceAttempts: sourceAttempts(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  identityEndpoints["create-identity-session"],
  async ({ body, sourceIp }) => {
    const { result, memberships } = await signInWithLatchkeyId(deps(), { ...body, sourceIp });
    if (result.kind !== "session") {
      // Another step comes first (a second factor): pass its challenge through.
      const challenge = result.kind === "new-password-required" ? "NEW_PASSWORD_REQUIRED" : "MFA_REQUIRED";
      return {
        status: 200,
        body: { challenge, challengeToken: result.token, expiresAt: result.expiresAt.toISOString() },
      };
    }
    const current = result.user.tenantId;
    return {
      status: 201,
      body: {
        ...sessionView(result),
        memberships: memberships.map((m) => ({
          tenantId: m.tenantId,
          name: m.name,
          current: m.tenantId === current,
        })),
      },
    };
  },
);
