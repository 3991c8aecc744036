import { groupPicker, pickerState } from "../../lib/api/console/group-picker.js";
import { resetEmailsNext, resetEmailsPath } from "../../lib/api/console/regenerate.js";
import { pickerGroups } from "../../lib/app/temporary-passwords/unclaimed-pages.js";
import { newIdempotencyKey } from "../../lib/domain/idempotency.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Send reset emails: the same group picker, then one button that starts the job. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-reset-emails"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, csrf }) => {
    authorize(principal, "emails:send-resets");
    const state = pickerState(query);
    const { matching, selected } = await pickerGroups(
      { groups: groups() },
      principal,
      state.q,
      state.selected,
    );
    const ids = selected.map((g) => g.groupId);
    const body = groupPicker({
      path: resetEmailsPath,
      state: { ...state, selected: ids },
      matching,
      selected,
      next: resetEmailsNext(ids, csrf, newIdempotencyKey()),
    });
    return { status: 200, title: "Send password reset emails", body };
  },
);
