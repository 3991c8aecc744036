import { changePassword } from "../../lib/app/sessions/change-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { changePasswordDeps } from "../wiring/sign-in.js";

export const handler = httpFunction(
  sessionEndpoints["change-password"],
  authentication,
  async ({ principal, body }) => {
    await changePassword(changePasswordDeps(), principal, body);
    return { status: 204 };
  },
);
