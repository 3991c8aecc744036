import { listClassPupilPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pupilPinEndpoints["list-class-pupil-pins"],
  services,
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listClassPupilPins(services(), principal, params.groupId, query),
  }),
);
