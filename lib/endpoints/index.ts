import { apiKeyEndpoints } from "./api-keys.js";
import { directoryEndpoints } from "./directory.js";
import { emailEndpoints } from "./emails.js";
import type { Endpoint } from "./endpoint.js";
import { jobEndpoints } from "./jobs.js";
import { passwordResetEndpoints } from "./password-resets.js";
import { pinCodeEndpoints } from "./pin-codes.js";
import { pupilPinEndpoints } from "./pupil-pins.js";
import { rosterEndpoints } from "./roster.js";
import { serviceEndpoints } from "./service.js";
import { sessionEndpoints } from "./sessions.js";
import { ssoPinEndpoints } from "./sso-pins.js";
import { temporaryPasswordEndpoints } from "./temporary-passwords.js";
import { tenantEndpoints } from "./tenant.js";

export type { Contract, Endpoint, HttpMethod } from "./endpoint.js";

/**
 * Every endpoint of the service, capability by capability. The CDK app, the local gateway and
 * `/v1/openapi.json` read this list (through `lib/topology`); a handler imports its own entry from its
 * capability's file, never from here, so its bundle carries only its capability's schemas.
 */
export const endpoints = [
  ...Object.values(serviceEndpoints),
  ...Object.values(sessionEndpoints),
  ...Object.values(tenantEndpoints),
  ...Object.values(apiKeyEndpoints),
  ...Object.values(rosterEndpoints),
  ...Object.values(directoryEndpoints),
  ...Object.values(temporaryPasswordEndpoints),
  ...Object.values(ssoPinEndpoints),
  ...Object.values(pupilPinEndpoints),
  ...Object.values(pinCodeEndpoints),
  ...Object.values(passwordResetEndpoints),
  ...Object.values(emailEndpoints),
  ...Object.values(jobEndpoints),
] satisfies readonly Endpoint[];

/** The name of an endpoint's function (and of its handler module, `functions/http/<name>.ts`). */
export type EndpointName = (typeof endpoints)[number]["name"];
