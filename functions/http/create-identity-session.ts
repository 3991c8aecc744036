import { sessionView } from "../../lib/api/views.js";
import { signInWithLatchkeyId } from "../../lib/app/identities/identity-sign-in.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { identitySignInDeps as deps } from "../wiring/sign-in.js";

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
