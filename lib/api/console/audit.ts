import type { NamedEvent } from "../../app/directory/event-names.js";
import { type AuditAction, auditActionLabel, auditActions, startOfLocalDay } from "../../domain/audit.js";
import { type Html, html } from "../html.js";
import { localTime, withQuery } from "./ui.js";

/** The console's event filters as the address carries them: dates are the school's calendar days. */
export type EventQuery = { kind?: AuditAction; from?: string; to?: string; size: number; cursor?: string };

const sizes = [25, 50, 100] as const;

/** The filter form (GET: kind, from, to, page size); its values stay in the address, never a secret. */
function filterForm(path: string, query: EventQuery): Html {
  return html`<form method="get" action="${path}" class="toolbar" aria-label="Filter events">
<div><label for="kind">Kind of event</label><select id="kind" name="kind"><option value="">All kinds</option>${auditActions.map(
    (a) => html`<option value="${a}"${query.kind === a ? " selected" : ""}>${auditActionLabel(a)}</option>`,
  )}</select></div>
<div><label for="from">From (date)</label><input id="from" name="from" type="date" value="${query.from ?? ""}"></div>
<div><label for="to">To (date, inclusive)</label><input id="to" name="to" type="date" value="${query.to ?? ""}"></div>
<div><label for="size">Per page</label><select id="size" name="size">${sizes.map(
    (s) => html`<option value="${s}"${s === query.size ? " selected" : ""}>${s}</option>`,
  )}</select></div>
<button type="submit">Filter</button> <a href="${path}">Clear filters</a></form>`;
}

function details(event: NamedEvent): Html {
  const entries = Object.entries(event.details);
  if (entries.length === 0) return html``;
  return html`<ul class="details">${entries.map(
    ([k, v]) => html`<li><span class="hint">${k}</span> ${Array.isArray(v) ? v.join(", ") : String(v)}</li>`,
  )}</ul>`;
}

/** A page of events: the filter form, the table (newest first, the school's local time), first and next page. */
export function eventsPage(input: {
  path: string;
  query: EventQuery;
  events: readonly NamedEvent[];
  cursor?: string;
  timeZone: string;
  /** Link subjects to their history (the tenant's list); a user's own history does not. */
  linkSubjects: boolean;
  intro: Html;
}): Html {
  const { path, query } = input;
  const keep = { kind: query.kind, from: query.from, to: query.to, size: query.size };
  const rows = input.events.map(
    (e) =>
      html`<tr><td>${localTime(e.at, input.timeZone)}</td><td>${auditActionLabel(e.action)}</td><td>${
        e.actorName
      }</td><td>${
        e.subjectId
          ? input.linkSubjects
            ? html`<a href="/console/users/${e.subjectId}/history">${e.subjectName ?? e.subjectId}</a>`
            : (e.subjectName ?? e.subjectId)
          : html`<span class="hint">the school</span>`
      }</td><td>${details(e)}</td></tr>`,
  );
  const filtered = Boolean(query.kind || query.from || query.to);
  return html`${input.intro}${filterForm(path, query)}
<table><caption class="hint">${filtered ? "Events matching the filter" : "All events"}, newest first; times in the school's time zone (${input.timeZone})</caption>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">About</th><th scope="col">Details</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="5">No events${filtered ? " match the filter" : " yet"}.</td></tr>`}</tbody></table>
<nav class="pager" aria-label="Pages">${
    query.cursor ? html`<a href="${withQuery(path, keep)}">First page</a>` : ""
  }${input.cursor ? html`<a href="${withQuery(path, { ...keep, cursor: input.cursor })}" rel="next">Next page (older)</a>` : html`<span>No older events.</span>`}</nav>`;
}

/**
 * The store's filter of the console's query: the `from` day's start and the start of the day after `to`, in the
 * school's time zone. A window that ends before it starts is refused with a message.
 */
export function eventFilter(
  query: Pick<EventQuery, "kind" | "from" | "to">,
  timeZone: string,
): { kind?: AuditAction; from?: string; to?: string } | { problem: string } {
  if (query.from && query.to && query.from > query.to) {
    return { problem: "The From date must be on or before the To date." };
  }
  const dayAfter = (date: string) => {
    const next = new Date(`${date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
  };
  return {
    ...(query.kind && { kind: query.kind }),
    ...(query.from && { from: startOfLocalDay(query.from, timeZone).toISOString() }),
    ...(query.to && { to: startOfLocalDay(dayAfter(query.to), timeZone).toISOString() }),
  };
}

/** The section's screens this person may use, as links under the page's title (the section's own page is audit). */
export function sectionLinks(screens: readonly { href: string; label: string }[], current: string): Html {
  if (screens.length < 2) return html``;
  return html`<nav class="section-screens" aria-label="Audit and emails"><ul>${screens.map((s) =>
    s.href === current
      ? html`<li><a href="${s.href}" aria-current="page">${s.label}</a></li>`
      : html`<li><a href="${s.href}">${s.label}</a></li>`,
  )}</ul></nav>`;
}
