import type { EarlyYearsClass } from "../../app/pupil-pins/early-years-classes.js";
import type { Group } from "../../domain/model.js";
import { type DefaultPinRule, pupilPinLength } from "../../domain/pupil-pin.js";
import { type Html, html } from "../html.js";
import { csrfField, doneMessage, flash, localTime } from "./ui.js";

/**
 * The early-years (myUSO) screens: status and class selector, the headteacher's declaration, year groups and the
 * default PIN rule. Pure renderers; the class list and slips are in `early-years-class.ts`.
 */

/** What the screens know about the school's early-years PIN login. */
export type EarlyYearsView = {
  enabled: boolean;
  yearGroups: { groupId: string; name: string }[];
  defaultPin: DefaultPinRule;
  minLength: number;
  declarationVersion: string;
  declarationText: string;
  /** The accepted declaration, with the name of who accepted it. */
  declaration?: { version: string; acceptedBy: string; acceptedAt: string };
  hasClassTeacherLinks: boolean;
};

/** What the signed-in person may do here. */
export type EarlyYearsAbilities = { declare: boolean; configure: boolean; managePins: boolean };

/** The fixed messages a redirect's `?done=` names. */
export const earlyYearsDone: Record<string, string> = {
  accepted: "Declaration accepted: early-years PIN login is on and default PINs are being created.",
  saved: "Settings saved.",
  "saved-redeclare":
    "Settings saved. They change what the headteacher agreed to: PIN login is paused until the headteacher accepts the declaration again.",
};

export function ruleText(rule: DefaultPinRule): string {
  return rule.kind === "birthday"
    ? "the pupil's birthday as DDMM (4 digits)"
    : `${rule.length} random digits`;
}

function statusText(view: EarlyYearsView, timeZone: string): Html {
  if (view.enabled && view.declaration) {
    return html`<p class="ok" role="status"><strong>PIN login is on.</strong> The declaration (version ${view.declaration.version}) was accepted by ${view.declaration.acceptedBy} on ${localTime(view.declaration.acceptedAt, timeZone)}.</p>`;
  }
  if (view.declaration) {
    return html`<p class="warn" role="status"><strong>PIN login is paused.</strong> The settings changed after ${view.declaration.acceptedBy} accepted version ${view.declaration.version} on ${localTime(view.declaration.acceptedAt, timeZone)}: the headteacher must accept version ${view.declarationVersion}.</p>`;
  }
  return html`<p class="warn" role="status"><strong>PIN login is off.</strong> The headteacher has not accepted the declaration yet.</p>`;
}

function settingsSummary(view: EarlyYearsView): Html {
  return html`<dl><dt>Year groups</dt><dd>${
    view.yearGroups.map((g) => g.name).join(", ") || "None chosen yet"
  }</dd><dt>Default PIN</dt><dd>${ruleText(view.defaultPin)}</dd><dt>Shortest PIN allowed</dt><dd>${view.minLength} digits</dd><dt>Class teachers</dt><dd>${
    view.hasClassTeacherLinks
      ? "Class teachers change the PINs of their own classes; nominated contacts, of any pupil"
      : "No class-teacher links from the MIS: only nominated contacts change PINs"
  }</dd></dl>`;
}

/** `/console/early-years`: status, settings, and the class selector (a GET form: works without script). */
export function earlyYearsHome(input: {
  view: EarlyYearsView;
  may: EarlyYearsAbilities;
  classes: readonly EarlyYearsClass[];
  timeZone: string;
  done?: string;
}): Html {
  const { view, may } = input;
  const links = [
    may.declare || !view.enabled
      ? html`<li><a href="/console/early-years/declaration">${may.declare ? "Read and accept the declaration" : "The declaration"}</a></li>`
      : html``,
    may.configure
      ? html`<li><a href="/console/early-years/settings">Change year groups and the default PIN</a></li>`
      : html``,
  ];
  const settings = html`<h2>Settings</h2>${settingsSummary(view)}<ul>${links}</ul>`;
  const classes = html`<h2>Class lists and PINs</h2>${classSelector(input)}`;
  // Those who change PINs come for their class first; those who configure and declare, for the settings.
  return html`${flash(doneMessage(earlyYearsDone, input.done))}${statusText(view, input.timeZone)}${
    may.managePins ? html`${classes}${settings}` : html`${settings}${classes}`
  }`;
}

function classSelector(input: {
  view: EarlyYearsView;
  may: EarlyYearsAbilities;
  classes: readonly EarlyYearsClass[];
}) {
  if (!input.view.enabled) {
    return html`<p>Class lists open once the headteacher has accepted the declaration.</p>`;
  }
  if (input.classes.length === 0) {
    return input.may.managePins
      ? html`<p>You have no early-years classes: class teachers see the classes the school's MIS links to them.</p>`
      : html`<p>Pupils' PINs are changed by their class teacher or a nominated contact.</p>`;
  }
  const viewOnly = input.classes.every((c) => !c.manages)
    ? html`<p class="hint">You can see each class's PIN status; their class teacher or a nominated contact changes PINs.</p>`
    : html``;
  return html`${viewOnly}${classPicker(input.classes)}`;
}

/** The class selector (myUSO's class menu): a GET form to `/console/early-years?class=…`, which redirects. */
export function classPicker(classes: readonly EarlyYearsClass[], current?: string): Html {
  return html`<form method="get" action="/console/early-years" class="toolbar"><div><label for="class">Class</label><select id="class" name="class">${classes.map(
    (c) =>
      html`<option value="${c.groupId}"${c.groupId === current ? " selected" : ""}>${c.name} (${c.memberCount} pupils)</option>`,
  )}</select></div><button type="submit">Show class</button></form>`;
}

/** `/console/early-years/declaration`: the text, and the accept form for the headteacher only. */
export function declarationPage(input: {
  view: EarlyYearsView;
  may: EarlyYearsAbilities;
  csrf: string;
  timeZone: string;
  done?: string;
}): Html {
  const { view } = input;
  const current = view.enabled && view.declaration?.version === view.declarationVersion;
  const form = !input.may.declare
    ? html`<p class="hint">Only the headteacher can accept the declaration.</p>`
    : current
      ? html``
      : view.yearGroups.length === 0
        ? html`<p class="warn">Choose the early-years year groups first (a site admin or you, on the settings page).</p>`
        : html`<form method="post" action="/console/early-years/declaration">${csrfField(input.csrf)}<input type="hidden" name="version" value="${view.declarationVersion}"><fieldset><legend>Your agreement</legend><label><input type="checkbox" name="accept" value="yes" required> I have read the declaration and accept it for the year groups above</label></fieldset><button type="submit">Accept the declaration</button></form>`;
  return html`${flash(doneMessage(earlyYearsDone, input.done))}${statusText(view, input.timeZone)}<h2>Declaration, version ${view.declarationVersion}</h2><blockquote><p>${view.declarationText}</p></blockquote><h2>What it covers</h2>${settingsSummary(view)}${form}<p><a href="/console/early-years">Back to early years</a></p>`;
}

/** `/console/early-years/settings`: year groups (checkboxes), the default PIN rule and the shortest PIN. */
export function settingsPage(input: {
  view: EarlyYearsView;
  yearGroups: readonly Pick<Group, "groupId" | "name" | "memberCount">[];
  csrf: string;
  problem?: string;
}): Html {
  const { view } = input;
  const chosen = new Set(view.yearGroups.map((g) => g.groupId));
  const random = view.defaultPin.kind === "random" ? view.defaultPin.length : 6;
  const lengths = Array.from(
    { length: pupilPinLength.max - pupilPinLength.min + 1 },
    (_, i) => i + pupilPinLength.min,
  );
  return html`${flash(input.problem, "error")}<p>Changing the year groups or the default PIN after the headteacher accepted the declaration pauses PIN login until they accept it again.</p><form method="post" action="/console/early-years/settings" class="ey-settings">${csrfField(input.csrf)}<fieldset><legend>Year groups whose pupils sign in with a PIN</legend>${
    input.yearGroups.length === 0
      ? html`<p>No year groups yet: they come from the school's MIS.</p>`
      : input.yearGroups.map(
          (g) =>
            html`<label><input type="checkbox" name="year-${g.groupId}" value="on"${chosen.has(g.groupId) ? " checked" : ""}> ${g.name} (${g.memberCount})</label>`,
        )
  }</fieldset><fieldset><legend>Default PIN for new pupils</legend><label><input type="radio" name="rule" value="birthday"${view.defaultPin.kind === "birthday" ? " checked" : ""}> The pupil's birthday as DDMM (myUSO's default; easy to guess)</label><label><input type="radio" name="rule" value="random"${view.defaultPin.kind === "random" ? " checked" : ""}> Random digits (recommended)</label></fieldset><label for="length">Digits of a random default PIN</label><select id="length" name="length">${lengths.map(
    (n) => html`<option value="${n}"${n === random ? " selected" : ""}>${n}</option>`,
  )}</select><label for="minLength">Shortest PIN anyone may set</label><select id="minLength" name="minLength">${lengths.map(
    (n) => html`<option value="${n}"${n === view.minLength ? " selected" : ""}>${n}</option>`,
  )}</select>${
    view.enabled
      ? html`<fieldset><legend>PIN login</legend><label><input type="checkbox" name="enabled" value="off"> Turn PIN login off (PINs are kept; the headteacher turns it on again)</label></fieldset>`
      : html``
  }<button type="submit">Save settings</button></form><p><a href="/console/early-years">Back to early years</a></p>`;
}
