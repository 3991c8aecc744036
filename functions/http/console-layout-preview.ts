import { partMessage, previewDocument, previewProblems } from "../../lib/api/console/layouts.js";
import { previewLayout } from "../../lib/app/emails/email-layouts.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, layouts, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * The editor's draft rendered with sample values, for the preview frame (a sandboxed document, stored nowhere); a
 * draft that would not save shows the reasons in the frame instead.
 */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layout-preview"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form }) => {
    const { subject, html, text } = form;
    try {
      const rendered = await previewLayout(
        { layouts: layouts(), tenants: tenants() },
        principal,
        params.layoutId,
        {
          subject,
          html,
          text,
        },
      );
      return { preview: previewDocument(rendered) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { preview: previewProblems(error.errors.map(partMessage)) };
    }
  },
);
