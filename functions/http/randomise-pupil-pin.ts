import { contracts } from "../../lib/api/contracts.js";
import { randomisePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["randomise-pupil-pin"],
  services,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await randomisePupilPin(services(), principal, params.userId, body),
  }),
);
