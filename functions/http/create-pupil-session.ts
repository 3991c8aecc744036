import { sessionView } from "../../lib/api/views.js";
import { signInPupil } from "../../lib/app/pupil-pins/pupil-sign-in.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(pupilPinEndpoints["create-pupil-session"], services, async ({ body }) => {
  const session = await signInPupil(services(), body);
  return { status: 201, body: sessionView(session) };
});
