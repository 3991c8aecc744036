import { signInAnswer } from "../../lib/api/sign-in-answer.js";
import { signInWithLatchkeyId } from "../../lib/app/identities/identity-sign-in.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { identitySignInDeps as deps } from "../wiring/sign-in.js";

/** A session comes with the person's schools, the session's marked; a challenge passes through as the API's. */
export const handler = httpFunction(
  identityEndpoints["create-identity-session"],
  async ({ body, sourceIp }) => {
    const { result, memberships } = await signInWithLatchkeyId(deps(), { ...body, sourceIp });
    const answer = signInAnswer(result);
    if (result.kind !== "session") return answer;
    const current = result.user.tenantId;
    return {
      status: answer.status,
      body: {
        ...answer.body,
        memberships: memberships.map((m) => ({
          tenantId: m.tenantId,
          name: m.name,
          current: m.tenantId === current,
        })),
      },
    };
  },
);
