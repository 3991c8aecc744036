import { type Html, html } from "../html.js";
import { csrfField, flash, idempotencyField, withQuery } from "./ui.js";

export const regeneratePath = "/console/password-tools/regenerate";
export const resetEmailsPath = "/console/password-tools/reset-emails";

/** After picking: continue to the count and the confirmation (nothing happens until the password is given). */
export function regenerateNext(selected: readonly string[]): Html {
  if (selected.length === 0) return html`<p class="hint">Pick at least one group to continue.</p>`;
  return html`<p><a class="button" href="${withQuery(`${regeneratePath}/confirm`, {
    groups: selected.join(","),
  })}">Continue with ${selected.length} ${selected.length === 1 ? "group" : "groups"}</a></p>`;
}

export type RegenerationPreview = {
  users: number;
  groups: { groupId: string; name: string; members: number; selectedUnclaimed: number }[];
};

/**
 * The confirmation (SIMS ID's "You are about to regenerate N passwords"): the count per group and in all, then the
 * admin's own password and Start. A user in two groups counts once, under the first.
 */
export function regenerateConfirm(input: {
  groupIds: readonly string[];
  preview: RegenerationPreview;
  csrf: string;
  /** A fresh key for this confirmation (`idempotencyField`). */
  idempotencyKey: string;
  error?: string;
}): Html {
  const groups = input.groupIds.join(",");
  const back = withQuery(regeneratePath, { groups });
  const count = input.preview.users;
  return html`${flash(input.error, "error")}<p class="count"><strong id="regeneration-count">${count}</strong> ${
    count === 1 ? "temporary password" : "temporary passwords"
  } will be regenerated: every member of these groups who has not set their own password.</p><table><thead><tr><th scope="col">Group</th><th scope="col">Members</th><th scope="col">Unclaimed (new password)</th></tr></thead><tbody>${input.preview.groups.map(
    (g) => html`<tr><th scope="row">${g.name}</th><td>${g.members}</td><td>${g.selectedUnclaimed}</td></tr>`,
  )}</tbody></table>${
    count === 0
      ? html`<p>Nobody in these groups needs a temporary password. <a href="${back}">Change the groups</a></p>`
      : html`<div class="warn"><p>Their current temporary passwords stop working. You can close this page while it runs: the job carries on, and its report waits for you (once only).</p></div><form method="post" action="${regeneratePath}">${csrfField(
          input.csrf,
        )}${idempotencyField(input.idempotencyKey)}<input type="hidden" name="groups" value="${groups}"><label for="own-password">Your password, to confirm</label><input id="own-password" name="password" type="password" autocomplete="current-password" required><div class="actions"><button type="submit">Regenerate ${count} ${
          count === 1 ? "password" : "passwords"
        }</button><a href="${back}">Change the groups</a></div></form>`
  }`;
}

/** Reset emails after picking: one button (no secret is shown, so no password is asked). */
export function resetEmailsNext(selected: readonly string[], csrf: string, idempotencyKey: string): Html {
  if (selected.length === 0) return html`<p class="hint">Pick at least one group to continue.</p>`;
  return html`<form method="post" action="${resetEmailsPath}">${csrfField(csrf)}${idempotencyField(idempotencyKey)}<input type="hidden" name="groups" value="${selected.join(
    ",",
  )}"><p class="hint">Members with a verified email address get a link to set a new password; the report lists who got none and why.</p><button type="submit">Send reset emails to ${selected.length} ${
    selected.length === 1 ? "group" : "groups"
  }</button></form>`;
}
