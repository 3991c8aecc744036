import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { authenticators } from "../wiring/dynamodb.js";

export const handler = httpFunction(
  authenticatorEndpoints["list-authenticators"],
  authentication,
  async ({ principal }) => ({
    status: 200,
    body: await listAuthenticators({ authenticators: authenticators() }, principal),
  }),
);
