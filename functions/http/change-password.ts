import { changePassword } from "../../lib/app/sessions/change-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  sessionEndpoints["change-password"],
  services,
  async ({ principal, body }) => {
    await changePassword(services(), principal, body);
    return { status: 204 };
  },
);
