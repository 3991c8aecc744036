import { changePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, groups, pupilPins, tenants, users } from "../wiring/dynamodb.js";
import { hasher } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof changePupilPin>[0] => ({
  audit: audit(),
  clock,
  groups: groups(),
  hasher: hasher(),
  pupilPins: pupilPins(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  pupilPinEndpoints["change-pupil-pin"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await changePupilPin(deps(), principal, params.userId, body),
  }),
);
