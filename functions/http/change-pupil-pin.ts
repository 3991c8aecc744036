import { changePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pupilPinEndpoints["change-pupil-pin"],
  services,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await changePupilPin(services(), principal, params.userId, body),
  }),
);
