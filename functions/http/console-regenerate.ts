import { groupPicker, pickerState } from "../../lib/api/console/group-picker.js";
import { regenerateNext, regeneratePath } from "../../lib/api/console/regenerate.js";
import { pickerGroups } from "../../lib/app/temporary-passwords/unclaimed-pages.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Regenerate temporary passwords, step 1: pick the groups (search, pages, +, show selected, ×). */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-regenerate"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query }) => {
    authorize(principal, "passwords:generate");
    const state = pickerState(query);
    const { matching, selected } = await pickerGroups(
      { groups: groups() },
      principal,
      state.q,
      state.selected,
    );
    const body = groupPicker({
      path: regeneratePath,
      state: { ...state, selected: selected.map((g) => g.groupId) },
      matching,
      selected,
      next: regenerateNext(selected.map((g) => g.groupId)),
    });
    return { status: 200, title: "Regenerate temporary passwords", body };
  },
);
