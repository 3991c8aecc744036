import * as z from "zod";

type Query = Record<string, string | undefined> | undefined;

/** The parameter names a route's query schema declares (none without one; all for a schema that is not an object). */
function declared(schema: z.ZodType | undefined): Set<string> | undefined {
  if (!schema) return new Set();
  return schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : undefined;
}

/**
 * The query parameters a route does not declare. The API refuses them on every route (`parse-request.ts`), writes
 * included: a misspelt `dryRun` must not silently run for real.
 */
export function unknownQueryParameters(schema: z.ZodType | undefined, query: Query): string[] {
  const names = declared(schema);
  return names ? Object.keys(query ?? {}).filter((name) => !names.has(name)) : [];
}

/**
 * The query without the parameters the page does not declare. Pages are opened from emailed links, bookmarks and
 * their own forms; mail systems and trackers append `utm_*` and the like, and a person must not get an error page
 * for that. A page's query never changes anything by itself (form posts carry CSRF tokens and validated fields),
 * and the parameters it declares are still validated strictly.
 */
export function declaredQuery(
  schema: z.ZodType | undefined,
  query: Query,
): Record<string, string | undefined> {
  const names = declared(schema);
  if (!names) return { ...query };
  return Object.fromEntries(Object.entries(query ?? {}).filter(([name]) => names.has(name)));
}
