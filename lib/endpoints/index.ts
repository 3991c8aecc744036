import { apiKeyEndpoints } from "./api-keys.js";
import { authenticatorEndpoints } from "./authenticators.js";
import { consoleEndpoints } from "./console.js";
import { consoleAccountEndpoints } from "./console-account.js";
import { consoleAuditEndpoints } from "./console-audit.js";
import { consoleEarlyYearsEndpoints } from "./console-early-years.js";
import { consolePasswordToolsEndpoints } from "./console-password-tools.js";
import { consolePreferencesEndpoints } from "./console-preferences.js";
import { consoleUsersEndpoints } from "./console-users.js";
import { directoryEndpoints } from "./directory.js";
import { emailVerificationEndpoints } from "./email-verifications.js";
import { emailEndpoints } from "./emails.js";
import type { Endpoint } from "./endpoint.js";
import { identityEndpoints } from "./identities.js";
import { identityPageEndpoints } from "./identity-pages.js";
import { jobEndpoints } from "./jobs.js";
import { passwordResetEndpoints } from "./password-resets.js";
import { pinCodeEndpoints } from "./pin-codes.js";
import { pupilPinEndpoints } from "./pupil-pins.js";
import { rosterEndpoints } from "./roster.js";
import { securityKeyPageEndpoints } from "./security-key-pages.js";
import { serviceEndpoints } from "./service.js";
import { sessionPageEndpoints } from "./session-pages.js";
import { sessionEndpoints } from "./sessions.js";
import { ssoPinEndpoints } from "./sso-pins.js";
import { temporaryPasswordEndpoints } from "./temporary-passwords.js";
import { tenantEndpoints } from "./tenant.js";

export type { Contract, Endpoint, HttpMethod } from "./endpoint.js";

/** The endpoints of each capability (the files of this folder). */
export const capabilities = {
  service: serviceEndpoints,
  sessions: { ...sessionEndpoints, ...sessionPageEndpoints },
  authenticators: { ...authenticatorEndpoints, ...securityKeyPageEndpoints },
  tenant: tenantEndpoints,
  "api-keys": apiKeyEndpoints,
  roster: rosterEndpoints,
  directory: directoryEndpoints,
  "temporary-passwords": temporaryPasswordEndpoints,
  "sso-pins": ssoPinEndpoints,
  "pupil-pins": pupilPinEndpoints,
  "pin-codes": pinCodeEndpoints,
  "password-resets": passwordResetEndpoints,
  "email-verifications": emailVerificationEndpoints,
  emails: emailEndpoints,
  jobs: jobEndpoints,
  identities: { ...identityEndpoints, ...identityPageEndpoints },
  console: { ...consoleEndpoints, ...consoleAccountEndpoints },
  "console-password-tools": consolePasswordToolsEndpoints,
  "console-early-years": consoleEarlyYearsEndpoints,
  "console-users": consoleUsersEndpoints,
  "console-preferences": consolePreferencesEndpoints,
  "console-audit": consoleAuditEndpoints,
} as const;

/** A capability of the service: a file of this folder, a folder of `lib/app`, a nested stack of the CDK app. */
export type Capability = keyof typeof capabilities;

/**
 * Every endpoint of the service, capability by capability. The CDK app, the local gateway and
 * `/v1/openapi.json` read this list (through `lib/topology`); a handler imports its own entry from its
 * capability's file, never from here, so its bundle carries only its capability's schemas.
 */
type Capabilities = typeof capabilities;
/** Any one endpoint entry, with its literal name. */
type AnyEndpoint = { [C in Capability]: Capabilities[C][keyof Capabilities[C]] }[Capability];

export const endpoints: readonly AnyEndpoint[] = Object.values(capabilities).flatMap(
  (declared) => Object.values(declared) as AnyEndpoint[],
) satisfies readonly Endpoint[];

/** The name of an endpoint's function (and of its handler module, `functions/http/<name>.ts`). */
export type EndpointName = (typeof endpoints)[number]["name"];
