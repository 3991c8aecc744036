import type {
  UnclaimedRow,
  UnclaimedSort,
  UnclaimedState,
} from "../../app/temporary-passwords/unclaimed-pages.js";
import { type Html, html } from "../html.js";
import type { ConsoleSection } from "./nav.js";
import { csrfField, flash, localTime, pager, type SortState, sortHeader, withQuery } from "./ui.js";

/** The Password tools section's page: its screens this person may use, with what each is for. */
export function passwordToolsPage(section: ConsoleSection | undefined): Html {
  const purposes: Record<string, string> = {
    "/console/password-tools/unclaimed":
      "People who have not set their own password yet: their temporary password's state, and Show when you need to tell them.",
    "/console/password-tools/regenerate":
      "New temporary passwords for the unclaimed members of year groups or classes, with printable slips.",
    "/console/password-tools/reset-emails":
      "Email a password reset link to the members of groups who have a verified email address.",
    "/console/password-tools/reset": "Give one person a new temporary password, shown to you once.",
  };
  const screens = section?.screens ?? [];
  if (screens.length === 0) return html`<p>There is nothing here you may use with your roles.</p>`;
  return html`<ul class="cards">${screens.map(
    (s) =>
      html`<li><h2><a href="${s.href}">${s.label}</a></h2><p class="hint">${purposes[s.href] ?? ""}</p></li>`,
  )}</ul>`;
}

const listPath = "/console/password-tools/unclaimed";

/** The list's state as query values (defaults left out, so addresses stay short). */
export function unclaimedQuery(state: UnclaimedState): Record<string, string | undefined> {
  return {
    q: state.q,
    group: state.group,
    sort: state.sort === "name" ? undefined : state.sort,
    dir: state.dir === "asc" ? undefined : state.dir,
  };
}

const statusText = { active: "Active", expired: "Expired", none: "Not issued" } as const;
const statusBadge = { active: "good", expired: "bad", none: "pending" } as const;
const typeText: Record<string, string> = { student: "Pupil", staff: "Staff", parent: "Parent" };

/**
 * The unclaimed users (SIMS ID's "Unclaimed Password" page): passwords hidden; per row Show (a POST with the
 * admin's own password, typed once above the table: the answer is this list with that row's password) and Hide
 * (back to the list's address). Search, group filter, sort by any column, page size and paging.
 */
export function unclaimedPage(input: {
  state: UnclaimedState;
  rows: readonly UnclaimedRow[];
  total: number;
  truncated: boolean;
  groups: readonly { groupId: string; name: string }[] | undefined;
  mayReveal: boolean;
  csrf: string;
  timeZone: string;
  revealed?: { userId: string; password: string };
  error?: string;
}): Html {
  const { state } = input;
  const query = unclaimedQuery(state);
  const here = withQuery(listPath, { ...query, page: state.page, size: state.size });
  const sortHref = (sort: SortState) =>
    withQuery(listPath, { ...query, sort: sort.sort, dir: sort.dir, size: state.size });
  const header = (label: string, key: UnclaimedSort) =>
    sortHeader({ label, key, state: { sort: state.sort, dir: state.dir }, href: sortHref });
  const filters = html`<form method="get" action="${listPath}" class="toolbar" role="search">${
    state.sort !== "name" ? html`<input type="hidden" name="sort" value="${state.sort}">` : ""
  }${state.dir !== "asc" ? html`<input type="hidden" name="dir" value="desc">` : ""}<input type="hidden" name="size" value="${state.size}"><div><label for="search">Search names and usernames</label><input id="search" name="q" type="search" value="${state.q ?? ""}"></div>${
    input.groups
      ? html`<div><label for="group">Group</label><select id="group" name="group"><option value="">All groups</option>${input.groups.map(
          (g) =>
            html`<option value="${g.groupId}"${g.groupId === state.group ? " selected" : ""}>${g.name}</option>`,
        )}</select></div>`
      : ""
  }<button type="submit">Search</button></form>`;
  const reveal = input.mayReveal
    ? html`<form id="reveal" method="post" action="${listPath}/show" class="toolbar">${csrfField(input.csrf)}${Object.entries(
        { ...query, page: String(state.page), size: String(state.size) },
      ).map(([name, value]) =>
        value ? html`<input type="hidden" name="${name}" value="${value}">` : html``,
      )}<div><label for="own-password">Your password, to show a temporary password</label><input id="own-password" name="password" type="password" autocomplete="current-password"></div><p class="hint">Showing a password is recorded in the user's history.</p></form>`
    : html``;
  const rows = input.rows.map((row) => {
    const name = `${row.forename} ${row.surname}`;
    const status = row.temporaryPassword.status;
    const shown = input.revealed?.userId === row.userId ? input.revealed.password : undefined;
    const generatedAt =
      "generatedAt" in row.temporaryPassword ? row.temporaryPassword.generatedAt : undefined;
    let cell: Html = html`<span class="hint">Hidden</span>`;
    if (shown !== undefined) {
      cell = html`<code class="secret" id="shown-password">${shown}</code> <a href="${here}" aria-label="Hide the password of ${name}">Hide</a>`;
    } else if (input.mayReveal && status === "active") {
      cell = html`<span class="hint">Hidden</span> <button type="submit" form="reveal" name="userId" value="${row.userId}" class="secondary" aria-label="Show the password of ${name}">Show</button>`;
    } else if (status !== "active") {
      cell = html`<span class="hint">—</span>`;
    }
    return html`<tr><th scope="row">${row.surname}, ${row.forename}</th><td>${row.username}</td><td>${
      typeText[row.userType] ?? row.userType
    }</td><td><span class="badge ${statusBadge[status]}">${statusText[status]}</span></td><td>${localTime(
      generatedAt,
      input.timeZone,
    )}</td><td>${cell}</td></tr>`;
  });
  return html`${flash(input.error, "error")}${
    input.revealed ? flash("The password is shown below once; it is not kept in this page's address.") : ""
  }${filters}${reveal}${
    input.truncated
      ? flash("Only the first 5,000 users are listed: search or pick a group to narrow the list.", "warn")
      : ""
  }<table><caption class="hint">${input.total} unclaimed ${input.total === 1 ? "user" : "users"}</caption><thead><tr>${header(
    "Name",
    "name",
  )}${header("Username", "username")}${header("Type", "type")}${header("Temporary password", "status")}${header(
    "Generated",
    "generated",
  )}<th scope="col">Password</th></tr></thead><tbody>${
    rows.length > 0 ? rows : html`<tr><td colspan="6">No unclaimed users match.</td></tr>`
  }</tbody></table>${pager({ path: listPath, query, page: state.page, size: state.size, total: input.total })}`;
}
