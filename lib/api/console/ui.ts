import { type Html, html } from "../html.js";

/**
 * The console's building blocks: every screen builds its tables, filters, pagers, buttons and messages from these,
 * so they look and behave alike (keyboard, labels, no secret in an address). Pure functions of their input.
 */

/** The form token every POST carries (`sessionPageFunction` checks it). */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/**
 * The fresh idempotency key a confirmation form carries (rendered with the form): submitting it twice — a
 * double-click, a reload of the POST — gives the first submission's job instead of a second run.
 */
export function idempotencyField(key: string): Html {
  return html`<input type="hidden" name="idempotencyKey" value="${key}">`;
}

/**
 * A button that POSTs to `action` with hidden `fields` (never a secret: they end up in the form only). `confirm`:
 * a required checkbox to tick first (for what cannot be undone), which works without script.
 */
export function postButton(input: {
  action: string;
  label: string;
  csrf: string;
  fields?: Record<string, string>;
  variant?: "primary" | "secondary" | "danger";
  /** An accessible name when the label alone is ambiguous in a table ("Show", "Remove"). */
  ariaLabel?: string;
}): Html {
  const variant = input.variant && input.variant !== "primary" ? input.variant : undefined;
  return html`<form method="post" action="${input.action}" class="inline">${csrfField(input.csrf)}${Object.entries(
    input.fields ?? {},
  ).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit"${variant ? html` class="${variant}"` : ""}${
    input.ariaLabel ? html` aria-label="${input.ariaLabel}"` : ""
  }>${input.label}</button></form>`;
}

/** A message after an action (a redirect's `?done=<code>` names one of the screen's own, never free text). */
export function flash(message: string | undefined, kind: "ok" | "error" | "warn" = "ok"): Html {
  if (!message) return html``;
  return html`<div class="${kind}" role="${kind === "error" ? "alert" : "status"}"><p>${message}</p></div>`;
}

/** The address of a list screen with some query values changed (undefined or "" removes one). */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export type SortState = { sort: string; dir: "asc" | "desc" };

/**
 * A column header that sorts the list by it: a link (keyboard and screen reader friendly) with `aria-sort` on the
 * sorted column; following it again reverses the order.
 */
export function sortHeader(input: {
  label: string;
  key: string;
  state: SortState;
  href: (sort: SortState) => string;
}): Html {
  const sorted = input.state.sort === input.key;
  const next: SortState = { sort: input.key, dir: sorted && input.state.dir === "asc" ? "desc" : "asc" };
  const ariaSort = sorted ? (input.state.dir === "asc" ? "ascending" : "descending") : undefined;
  return html`<th scope="col"${ariaSort ? html` aria-sort="${ariaSort}"` : ""}><a href="${input.href(next)}">${input.label}${
    sorted ? (input.state.dir === "asc" ? " ▲" : " ▼") : ""
  }</a></th>`;
}

/**
 * Paging of a list: "Previous" and "Next" links, which page of how many, and a page-size choice (a small GET form
 * that keeps the list's other query values as hidden fields).
 */
export function pager(input: {
  path: string;
  /** The list's query without `page` and `size`. */
  query: Record<string, string | undefined>;
  page: number;
  size: number;
  total: number;
  sizes?: readonly number[];
}): Html {
  const pages = Math.max(1, Math.ceil(input.total / input.size));
  const at = (page: number) => withQuery(input.path, { ...input.query, page, size: input.size });
  const sizes = input.sizes ?? [10, 25, 50, 100];
  return html`<nav class="pager" aria-label="Pages">${
    input.page > 1 ? html`<a href="${at(input.page - 1)}" rel="prev">Previous</a>` : ""
  }<span>Page ${input.page} of ${pages} (${input.total} in all)</span>${
    input.page < pages ? html`<a href="${at(input.page + 1)}" rel="next">Next</a>` : ""
  }<form method="get" action="${input.path}" class="inline">${Object.entries(input.query).map(
    ([name, value]) =>
      value === undefined || value === ""
        ? html``
        : html`<input type="hidden" name="${name}" value="${value}">`,
  )}<label for="page-size" class="inline">Per page</label> <select id="page-size" name="size">${sizes.map(
    (size) => html`<option value="${size}"${size === input.size ? " selected" : ""}>${size}</option>`,
  )}</select> <button type="submit" class="secondary">Show</button></form></nav>`;
}

/** A search box (GET) that keeps the list's other query values (sort, page size) as hidden fields. */
export function searchForm(input: {
  path: string;
  label: string;
  value?: string;
  /** Query values to keep (not `q` or `page`: a new search starts at page 1). */
  keep?: Record<string, string | undefined>;
}): Html {
  return html`<form method="get" action="${input.path}" class="toolbar" role="search">${Object.entries(
    input.keep ?? {},
  ).map(([name, value]) =>
    value === undefined || value === ""
      ? html``
      : html`<input type="hidden" name="${name}" value="${value}">`,
  )}<div><label for="search">${input.label}</label><input id="search" name="q" type="search" value="${
    input.value ?? ""
  }"></div><button type="submit">Search</button></form>`;
}

/** A date and time as the school reads it: in its time zone, with the zone's short name ("29 Nov 2026, 14:05 GMT"). */
export function localTime(iso: string | Date | undefined, timeZone: string): string {
  if (iso === undefined) return "";
  const date = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

/** Pages of an in-memory list (1-based `page`, clamped). */
export function slicePage<T>(items: readonly T[], page: number, size: number): T[] {
  const last = Math.max(1, Math.ceil(items.length / size));
  const at = Math.min(Math.max(1, page), last);
  return items.slice((at - 1) * size, at * size);
}

/**
 * The message a redirect's `?done=<code>` names, from the screen's own list — only its own keys (never "constructor"
 * or another inherited name), so no text of the address reaches the page.
 */
export function doneMessage(
  messages: Readonly<Record<string, string>>,
  code: string | undefined,
): string | undefined {
  return code !== undefined && Object.hasOwn(messages, code) ? messages[code] : undefined;
}
