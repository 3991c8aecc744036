import type { Group } from "../../domain/model.js";
import { type Html, html } from "../html.js";
import { flash, pager, slicePage, withQuery } from "./ui.js";

/** The picker's state, all in the address: the search, the page, and the selection as group ids only. */
export type PickerState = { q?: string; page: number; size: number; selected: string[]; view?: "selected" };

/** Group ids from `groups=a,b` (duplicates and empty parts dropped, order kept). */
export function parseGroupList(value: string | undefined): string[] {
  return [...new Set((value ?? "").split(",").filter((id) => id.length > 0))];
}

export function pickerState(query: {
  q?: string;
  page?: number;
  size?: number;
  groups?: string;
  view?: "selected";
}): PickerState {
  return {
    q: query.q || undefined,
    page: query.page ?? 1,
    size: query.size ?? 10,
    selected: parseGroupList(query.groups),
    view: query.view,
  };
}

const typeText: Record<string, string> = { "year-group": "Year group", class: "Class", other: "Group" };

/**
 * The group picker of SIMS ID's regeneration (and of reset emails): search the groups, page through them, add one
 * with "+", see only the selected ones ("Show selected"), remove one with "×". Every control is a link or a GET
 * form, so it works without script and by keyboard; the selection travels in the address as `groups=a,b`. + and ×
 * land back on the list (`#groups`), so the next Tab goes on from there rather than from the top of the page.
 */
export function groupPicker(input: {
  path: string;
  state: PickerState;
  /** Groups matching the search (all of them, by name): paged here. */
  matching: readonly Group[];
  /** The selected groups that exist (by id), for "Show selected" and the summary. */
  selected: readonly Group[];
  /** What comes after picking: a link or a form, given the selection. */
  next: Html;
  notice?: string;
}): Html {
  const { state, path } = input;
  const groupsParam = state.selected.join(",") || undefined;
  const at = (changes: Record<string, string | number | undefined>) =>
    withQuery(path, {
      q: state.q,
      groups: groupsParam,
      view: state.view,
      page: state.page,
      size: state.size,
      ...changes,
    });
  const list = state.view === "selected" ? input.selected : input.matching;
  const pageRows = slicePage(list, state.page, state.size);
  const chosen = new Set(state.selected);
  const rows = pageRows.map((g) => {
    const isChosen = chosen.has(g.groupId);
    const toggle = isChosen
      ? html`<a class="button secondary pick" href="${at({ groups: state.selected.filter((id) => id !== g.groupId).join(",") || undefined })}#groups" aria-label="Remove ${g.name}">×</a>`
      : html`<a class="button pick" href="${at({ groups: [...state.selected, g.groupId].join(",") })}#groups" aria-label="Add ${g.name}">+</a>`;
    return html`<tr${isChosen ? html` class="chosen"` : ""}><th scope="row">${g.name}</th><td>${
      typeText[g.type] ?? g.type
    }</td><td>${g.memberCount}</td><td>${isChosen ? html`<span class="badge good">Selected</span>` : ""}</td><td>${toggle}</td></tr>`;
  });
  const keep = { groups: groupsParam, size: String(state.size), view: state.view };
  return html`${flash(input.notice)}<section aria-labelledby="selection"><h2 id="selection">Selected: ${
    input.selected.length
  } ${input.selected.length === 1 ? "group" : "groups"}</h2>${
    input.selected.length > 0
      ? html`<p>${input.selected.map((g) => g.name).join(", ")}</p>`
      : html`<p class="hint">Add groups with +; they stay selected while you search.</p>`
  }<p class="actions">${
    state.view === "selected"
      ? html`<a href="${at({ view: undefined, page: 1 })}">Show all groups</a>`
      : html`<a href="${at({ view: "selected", page: 1 })}">Show selected</a>`
  }</p>${input.next}</section><h2 id="groups" tabindex="-1">${state.view === "selected" ? "Selected groups" : "Groups"}</h2><form method="get" action="${path}" class="toolbar" role="search">${Object.entries(
    keep,
  ).map(([name, value]) =>
    value ? html`<input type="hidden" name="${name}" value="${value}">` : html``,
  )}<div><label for="search">Search groups</label><input id="search" name="q" type="search" value="${
    state.q ?? ""
  }"></div><button type="submit">Search</button></form><table><thead><tr><th scope="col">Group</th><th scope="col">Type</th><th scope="col">Members</th><th scope="col">Status</th><th scope="col">Add or remove</th></tr></thead><tbody>${
    rows.length > 0 ? rows : html`<tr><td colspan="5">No groups match.</td></tr>`
  }</tbody></table>${pager({
    path,
    query: { q: state.q, groups: groupsParam, view: state.view },
    page: state.page,
    size: state.size,
    total: list.length,
  })}`;
}
