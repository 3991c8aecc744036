import { randomPinSlip } from "../../lib/api/console/early-years-class.js";
import { randomisePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { pupilPinDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A random PIN for one pupil: the answer to this POST is the only place it is shown (a printable slip). */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-random-pin"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, school, timeZone }) => {
    const deps = pupilPinDeps();
    const made = await randomisePupilPin(deps, principal, params.userId, {});
    const [pupil, group, pupilGroups] = await Promise.all([
      deps.users.get(principal.tenantId, params.userId),
      deps.groups.get(principal.tenantId, params.groupId),
      deps.groups.groupsOf(principal.tenantId, params.userId),
    ]);
    const body = randomPinSlip({
      school: school ?? "",
      // The class in the address names the slip's class only when the pupil is in it.
      group: group && pupilGroups.includes(group.groupId) ? group.name : "",
      pupil: {
        forename: pupil?.forename ?? "",
        surname: pupil?.surname ?? "",
        username: made.username,
      },
      pin: made.pin,
      at: made.lastChangedAt,
      timeZone: timeZone ?? "Europe/London",
      back: `/console/early-years/classes/${encodeURIComponent(params.groupId)}`,
    });
    return { status: 200, title: "New PIN", body };
  },
);
