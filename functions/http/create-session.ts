import { contracts } from "../../lib/api/contracts.js";
import { signIn } from "../../lib/app/sign-in.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["create-session"], services, async ({ body }) => {
  const session = await signIn(services(), body);
  return {
    status: 201,
    body: {
      token: session.token,
      tokenType: "Bearer",
      expiresAt: session.expiresAt.toISOString(),
      user: session.user,
    },
  };
});
