import { randomisePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { pupilPinDeps } from "../wiring/pupil-pins.js";

export const handler = httpFunction(
  pupilPinEndpoints["randomise-pupil-pin"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await randomisePupilPin(pupilPinDeps(), principal, params.userId, body),
  }),
);
