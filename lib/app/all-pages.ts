/**
 * Every item of a paged read, page after page until no cursor is left: for use cases that need a whole list (a
 * cohort's members, a roster's groups), never for an answer to a request, which pages instead — or reads at most
 * `atMost` items (it stops after the page that reaches it) and refuses more.
 */
export async function allPages<T>(
  readPage: (cursor: string | undefined) => Promise<{ items: readonly T[]; cursor?: string }>,
  options: { atMost?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < (options.atMost ?? Number.POSITIVE_INFINITY));
  return items;
}
