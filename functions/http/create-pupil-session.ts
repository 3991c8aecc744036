import { sessionView } from "../../lib/api/views.js";
import { signInPupil } from "../../lib/app/pupil-pins/pupil-sign-in.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import { credentials, groups, pupilPins, sourceAttempts, tenants, users } from "../wiring/dynamodb.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof signInPupil>[0] => ({
  clock,
  credentials: credentials(),
  groups: groups(),
  hasher: hasher(),
  pupilPins: pupilPins(),
  sessions: sessions(),
  sourceAttempts: sourceAttempts(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(pupilPinEndpoints["create-pupil-session"], async ({ body, sourceIp }) => {
  const session = await signInPupil(deps(), { ...body, sourceIp });
  return { status: 201, body: sessionView(session) };
});
