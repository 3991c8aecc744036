import * as z from "zod";
import * as s from "../api/schemas.js";
import { endpoints } from "./endpoint.js";

/** The Latchkey ID's hosted pages: the school switcher in the header of a Latchkey ID session. */
export const identityPageEndpoints = endpoints({
  "switch-school-form": {
    method: "POST",
    path: "/switch-school",
    summary:
      "Page: switch a Latchkey ID session to another of the person's schools (the API's switch; the cookie gets the new session)",
    tag: "Pages",
    auth: "required",
    page: true,
    body: z.object({ tenantId: s.id }),
    responses: {
      200: {
        description: "303 to the account page of the new school; or a page saying why not",
        contentType: "text/html",
      },
    },
    lambda: { description: "Page: switch school", access: ["table:read", "table:write", "secret:session"] },
  },
});
