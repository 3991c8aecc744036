import { layoutEditor } from "../../lib/api/console/layouts.js";
import { getLayout } from "../../lib/app/emails/email-layouts.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, layouts } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The editor of one layout: subject, HTML and text bodies, its merge items, and the preview frame. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layout"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, params, query, timeZone }) => {
    const layout = await getLayout({ layouts: layouts() }, principal, params.layoutId);
    const body = layoutEditor({ layout, csrf, timeZone: timeZone ?? defaultTimeZone, done: query.done });
    return { status: 200, title: `Email layout ${layout.layoutId}`, body };
  },
);
