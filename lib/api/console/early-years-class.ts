import type { EarlyYearsClass } from "../../app/pupil-pins/early-years-classes.js";
import type { ClassPupilPin } from "../../app/pupil-pins/pupil-pins.js";
import { type Html, html } from "../html.js";
import { classPicker } from "./early-years.js";
import { csrfField, flash, idempotencyField, localTime, postButton } from "./ui.js";

/** A class's pupil PINs (myUSO's class list) and the one-time slip of a new random PIN. Pure renderers. */

const statusBadge: Record<ClassPupilPin["pinStatus"], Html> = {
  default: html`<span class="badge pending">Default</span>`,
  changed: html`<span class="badge good">Changed</span>`,
  none: html`<span class="badge bad">No PIN yet</span>`,
};

const fullName = (p: Pick<ClassPupilPin, "forename" | "surname">) => `${p.forename} ${p.surname}`;

function changedBy(row: ClassPupilPin): string {
  // A default PIN was made for everyone when PIN login started: nobody chose it.
  if (!row.lastChangedBy || row.pinStatus !== "changed") return "";
  return row.lastChangedByName ?? "A user no longer at the school";
}

/** The fixed messages of the class page's `?done=` (with `?pupil=` naming whose PIN, never the PIN). */
export function classDone(done: string | undefined, pupil: ClassPupilPin | undefined): string | undefined {
  if (done === "changed" && pupil) return `${fullName(pupil)}'s PIN was changed. They can use it now.`;
  if (done === "changed") return "The PIN was changed.";
  return undefined;
}

/**
 * `/console/early-years/classes/{groupId}`: the pupils with their PIN status, who changed it and when (school's
 * time), Change PIN (a box that opens in the row, Update), a random PIN for one pupil or for the whole class.
 * `refusal`: why a change was refused, shown at the top and in the pupil's open box.
 */
export function classPage(input: {
  group: { groupId: string; name: string };
  pupils: readonly ClassPupilPin[];
  classes: readonly EarlyYearsClass[];
  csrf: string;
  /** A fresh key for the whole-class random PINs form (`idempotencyField`). */
  idempotencyKey: string;
  timeZone: string;
  done?: string;
  pupil?: string;
  refusal?: { userId: string; message: string };
}): Html {
  const { group, csrf } = input;
  // Overseers (the headteacher, site admins) see the statuses; only the class's teacher or a nominated contact acts.
  const manages = input.classes.some((c) => c.groupId === group.groupId && c.manages);
  const base = `/console/early-years/classes/${encodeURIComponent(group.groupId)}`;
  const done = classDone(
    input.done,
    input.pupils.find((p) => p.userId === input.pupil),
  );
  const changed = input.pupils.filter((p) => p.pinStatus === "changed").length;
  const rows = input.pupils.map((p) => {
    const name = fullName(p);
    const refused = input.refusal?.userId === p.userId ? input.refusal.message : undefined;
    const box = `pin-${p.userId}`;
    const cells = html`<th scope="row">${name}</th><td>${p.username}</td><td>${statusBadge[p.pinStatus]}</td><td>${changedBy(p)}</td><td>${localTime(p.lastChangedAt, input.timeZone)}</td>`;
    if (!manages) return html`<tr>${cells}</tr>`;
    return html`<tr>${cells}<td><details${refused ? " open" : ""}><summary>Change PIN</summary><form method="post" action="${base}/pupils/${encodeURIComponent(p.userId)}/pin">${csrfField(csrf)}<label for="${box}">New PIN for ${name}</label><input id="${box}" name="pin" inputmode="numeric" autocomplete="off" pattern="[0-9]*" maxlength="10"${
      refused ? html` aria-invalid="true" aria-describedby="${box}-error" autofocus` : ""
    }>${refused ? html`<p id="${box}-error" class="error">${refused}</p>` : ""}<button type="submit">Update</button></form></details> ${postButton(
      {
        action: `${base}/pupils/${encodeURIComponent(p.userId)}/random-pin`,
        label: "Random PIN",
        csrf,
        variant: "secondary",
        ariaLabel: `Random PIN for ${name}`,
      },
    )}</td></tr>`;
  });
  return html`${flash(done)}${input.refusal ? flash(`The PIN was not changed: ${input.refusal.message}`, "error") : ""}${
    input.classes.length > 1 ? classPicker(input.classes, group.groupId) : ""
  }<p>${input.pupils.length} pupils; ${changed} changed, ${input.pupils.length - changed} still on their default PIN or without one. PINs cannot be looked up: a pupil who forgets theirs gets a new one.</p><table class="ey-class"><caption>Pupils of ${group.name}</caption><thead><tr><th scope="col">Pupil</th><th scope="col">Username</th><th scope="col">PIN</th><th scope="col">Changed by</th><th scope="col">When</th>${manages ? html`<th scope="col">Actions</th>` : ""}</tr></thead><tbody>${rows}</tbody></table>${
    manages
      ? html`<h2>Random PINs for the whole class</h2><form method="post" action="${base}/random-pins">${csrfField(csrf)}${idempotencyField(input.idempotencyKey)}<fieldset><legend>New PINs for every pupil of ${group.name}</legend><label><input type="checkbox" name="confirm" value="yes" required> Give every pupil a new random PIN (their current PINs stop working)</label></fieldset><button type="submit">Make random PINs and print slips</button></form>`
      : html`<p class="hint">Their class teacher or a nominated contact changes these pupils' PINs.</p>`
  }<p><a href="/console/early-years">Back to early years</a></p>`;
}

/** The one-time slip of a pupil's new random PIN (A4, cut out): shown in the answer to the POST only. */
export function randomPinSlip(input: {
  school: string;
  group: string;
  pupil: { forename: string; surname: string; username: string };
  pin: string;
  at: string;
  timeZone: string;
  back: string;
}): Html {
  return html`<div class="ok no-print" role="status"><p>${input.pupil.forename} ${input.pupil.surname} has a new PIN. It is shown only now: print the slip or write it down.</p></div><div class="slips"><section class="slip" aria-label="PIN slip"><h2>${input.school}</h2><dl><dt>Pupil</dt><dd>${input.pupil.forename} ${input.pupil.surname}</dd><dt>Class</dt><dd>${input.group}</dd><dt>Username</dt><dd>${input.pupil.username}</dd><dt>PIN</dt><dd><code class="secret">${input.pin}</code></dd><dt>Made</dt><dd>${localTime(input.at, input.timeZone)}</dd></dl></section></div><p class="no-print"><button type="button" data-print hidden>Print</button> <a href="${input.back}">Back to the class</a></p>`;
}
