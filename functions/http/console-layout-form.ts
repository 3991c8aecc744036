import { layoutEditor } from "../../lib/api/console/layouts.js";
import { problemsOf } from "../../lib/api/console/preferences.js";
import { getLayout, saveLayout } from "../../lib/app/emails/email-layouts.js";
import { ConflictError, ValidationError } from "../../lib/domain/errors.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, layouts, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { templatePublisher } from "../wiring/ses.js";
import { settings } from "../wiring/settings.js";

/**
 * Saves a layout (as `PUT /v1/email-layouts/{layoutId}`): 303 back to the editor with a message. A refused layout
 * (422: a missing required merge item, an unknown one, a secret in the subject…) or a colleague's save meanwhile
 * (409) shows the editor again with the reasons by field and what was typed.
 */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layout-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, params, form, timeZone }) => {
    authorize(principal, "emails:layouts");
    const deps = {
      audit: audit(),
      clock,
      layouts: layouts(),
      templatePublisher: templatePublisher(),
      tenants: tenants(),
    };
    let status: number;
    let problems: Record<string, string[]>;
    try {
      await saveLayout(deps, principal, { layoutId: params.layoutId, ...form });
      return { redirect: `/console/layouts/${params.layoutId}?done=saved` };
    } catch (error) {
      if (error instanceof ValidationError) {
        status = 422;
        problems = problemsOf(error.errors, error.message);
      } else if (error instanceof ConflictError) {
        status = 409;
        problems = {
          form: [
            `${error.message} Your text is kept below: copy what you need, then open the layout again to see the saved one.`,
          ],
        };
      } else throw error;
    }
    const layout = await getLayout({ layouts: layouts() }, principal, params.layoutId);
    const body = layoutEditor({
      layout,
      csrf,
      timeZone: timeZone ?? defaultTimeZone,
      fields: form,
      problems,
    });
    return { status, title: `Email layout ${layout.layoutId}`, body };
  },
);
