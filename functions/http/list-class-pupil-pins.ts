import { listClassPupilPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, pupilPins, tenants, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listClassPupilPins>[0] => ({
  groups: groups(),
  pupilPins: pupilPins(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  pupilPinEndpoints["list-class-pupil-pins"],
  authentication,
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listClassPupilPins(deps(), principal, params.groupId, query),
  }),
);
