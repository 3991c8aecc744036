import { previewDocument } from "../../lib/api/console/layouts.js";
import { previewLayout } from "../../lib/app/emails/email-layouts.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, layouts, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The saved layout (or the default the school uses) rendered with sample values: the preview frame's first view. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layout-current"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params }) => {
    const rendered = await previewLayout(
      { layouts: layouts(), tenants: tenants() },
      principal,
      params.layoutId,
    );
    return { preview: previewDocument(rendered) };
  },
);
