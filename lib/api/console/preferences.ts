import type * as z from "zod";
import type { FieldError } from "../../domain/errors.js";
import { isTimeZone, type Tenant } from "../../domain/model.js";
import { type Role, roles } from "../../domain/roles.js";
import { tenantEndpoints } from "../../endpoints/tenant.js";
import { type Html, html } from "../html.js";
import { csrfField, doneMessage, flash } from "./ui.js";

/**
 * The school's preferences screen (IndySoft's System-Wide Preferences): login options, password reset by email,
 * environment name, sender address, time zone, step-up actions and two-factor roles. One form; what was typed is
 * kept when a field is refused, and each refusal is shown beside its field.
 */

export const loginOptions = [
  { value: "all_clients", label: "All clients", hint: "PIN-code sign-up from the web page and from apps" },
  { value: "web_only", label: "Web only", hint: "PIN-code sign-up from the web page only" },
  { value: "off", label: "Off", hint: "No sign-up with PIN codes" },
] as const;

/** The fixed messages a redirect's `?done=` names. */
export const preferencesDone: Record<string, string> = { saved: "The preferences were saved." };

/** A colleague saved since this form was loaded (its `loadedAt`): saving it as is would undo their change. */
export function savedMeanwhile(fields: PreferencesFields, tenant: Pick<Tenant, "updatedAt">): boolean {
  return Boolean(fields.loadedAt) && fields.loadedAt !== tenant.updatedAt;
}

/** Fields as the form sends them (text as typed; checkboxes "yes"). */
export type PreferencesFields = Record<string, string>;

/** A problem by field name of the form. */
export type FieldProblems = Record<string, string[]>;

export type PreferencesPatch = NonNullable<ReturnType<typeof parsePreferences>["patch"]>;

const updateBody = tenantEndpoints["update-tenant"].body;

/** The form's fields as they were (the saved tenant), to show or to start editing from. */
export function fieldsOf(tenant: Tenant): PreferencesFields {
  const fields: PreferencesFields = {
    environmentName: tenant.environmentName ?? "",
    senderAddress: tenant.senderAddress ?? "",
    timeZone: tenant.timeZone ?? "",
    pinCodeLogin: tenant.preferences.pinCodeLogin,
    stepUpActions: tenant.preferences.stepUpActions.join("\n"),
    loadedAt: tenant.updatedAt,
  };
  if (tenant.preferences.allowPasswordResetByEmail) fields.allowPasswordResetByEmail = "yes";
  for (const role of tenant.preferences.twoFactorRoles) fields[`twoFactor-${role}`] = "yes";
  return fields;
}

/**
 * The form as a change of the tenant, checked with the API's own schema (`PATCH /v1/tenant`): an empty environment
 * name or sender leaves it as it is; step-up actions one a line (or separated by commas or spaces).
 */
export function parsePreferences(fields: PreferencesFields): {
  patch?: z.output<typeof updateBody>;
  problems: FieldProblems;
} {
  const text = (name: string) => (fields[name] ?? "").trim();
  const candidate = {
    ...(text("environmentName") && { environmentName: text("environmentName") }),
    ...(text("senderAddress") && { senderAddress: text("senderAddress") }),
    ...(text("timeZone") && { timeZone: text("timeZone") }),
    preferences: {
      pinCodeLogin: fields.pinCodeLogin ?? "",
      allowPasswordResetByEmail: fields.allowPasswordResetByEmail === "yes",
      stepUpActions: text("stepUpActions")
        .split(/[\s,]+/)
        .filter((a) => a.length > 0),
      twoFactorRoles: roles.filter((role) => fields[`twoFactor-${role}`] === "yes"),
    },
  };
  const parsed = updateBody.safeParse(candidate);
  if (parsed.success) return { patch: parsed.data, problems: {} };
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const field = String(first === "preferences" ? second : first);
    const message =
      field === "pinCodeLogin"
        ? "choose one of the login options"
        : issue.message.replace(/^Invalid input: /, "");
    problems[field] = [...(problems[field] ?? []), message];
  }
  return { problems };
}

/** A use case's refusal (`ValidationError`'s `/senderAddress`…) by the form's field names. */
export function problemsOf(errors: readonly FieldError[], fallback: string): FieldProblems {
  const problems: FieldProblems = {};
  for (const error of errors) {
    const field = error.pointer.split("/").filter(Boolean).pop() ?? "form";
    problems[field] = [...(problems[field] ?? []), error.detail];
  }
  if (Object.keys(problems).length === 0) problems.form = [fallback];
  return problems;
}

const labels: Record<string, string> = {
  environmentName: "Environment name",
  senderAddress: "Sender address",
  timeZone: "Time zone",
  pinCodeLogin: "Login options",
  stepUpActions: "Step-up actions",
  twoFactorRoles: "Two-factor roles",
  form: "The form",
};

function fieldError(id: string, problems: FieldProblems): Html {
  const messages = problems[id];
  if (!messages?.length) return html``;
  return html`<p class="field-error" id="${id}-error">${messages.join("; ")}</p>`;
}

function described(id: string, problems: FieldProblems, hint = true): Html {
  const ids = [hint ? `${id}-hint` : "", problems[id]?.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`${ids ? html` aria-describedby="${ids}"` : ""}${problems[id]?.length ? html` aria-invalid="true"` : ""}`;
}

/** The section's two screens, side by side at the top of each (only those the person may use). */
export function sectionTabs(current: "preferences" | "layouts", may: { layouts: boolean }): Html {
  if (!may.layouts) return html``;
  const tabs = [
    { key: "preferences", href: "/console/preferences", label: "School preferences" },
    { key: "layouts", href: "/console/layouts", label: "Email layouts" },
  ];
  return html`<nav class="tabs" aria-label="Preferences screens"><ul>${tabs.map(
    (t) =>
      html`<li><a href="${t.href}"${t.key === current ? html` aria-current="page"` : ""}>${t.label}</a></li>`,
  )}</ul></nav>`;
}

/** The preferences page: the form for who may change them, else what they are. */
export function preferencesPage(input: {
  tenant: Tenant;
  senderDomains: readonly string[];
  timeZones: readonly string[];
  canUpdate: boolean;
  /** The person may also edit the email layouts (a link to them). */
  canEditLayouts?: boolean;
  csrf: string;
  done?: string;
  fields?: PreferencesFields;
  problems?: FieldProblems;
}): Html {
  const message = doneMessage(preferencesDone, input.done);
  const tabs = sectionTabs("preferences", { layouts: Boolean(input.canEditLayouts) });
  if (!input.canUpdate) return html`${tabs}${flash(message)}${readOnly(input.tenant)}`;
  const f = input.fields ?? fieldsOf(input.tenant);
  const p = input.problems ?? {};
  const summary = Object.entries(p).map(([field, messages]) =>
    field === "form"
      ? html`<li>${messages.join("; ")}</li>`
      : html`<li><a href="#${field}">${labels[field] ?? field}</a>: ${messages.join("; ")}</li>`,
  );
  const zones =
    input.timeZones.includes(f.timeZone ?? "") || !f.timeZone
      ? input.timeZones
      : [f.timeZone, ...input.timeZones];
  const domains = input.senderDomains.join(", ");
  return html`${tabs}${flash(message)}${
    summary.length > 0 &&
    html`<div class="error" role="alert"><p>The preferences were not saved:</p><ul>${summary}</ul></div>`
  }<form method="post" action="/console/preferences" class="preferences">${csrfField(input.csrf)}<input type="hidden" name="loadedAt" value="${f.loadedAt ?? ""}">
<fieldset><legend>Login options</legend><p class="hint" id="pinCodeLogin-hint">Where users holding a PIN code may sign up new users in their likeness.</p>${fieldError("pinCodeLogin", p)}${loginOptions.map(
    (o) =>
      html`<label><input type="radio" name="pinCodeLogin" value="${o.value}"${f.pinCodeLogin === o.value ? " checked" : ""}${o.value === "all_clients" ? html` id="pinCodeLogin"` : ""}> ${o.label} <span class="hint">${o.hint}</span></label>`,
  )}</fieldset>
<fieldset><legend>Password reset</legend><label><input type="checkbox" name="allowPasswordResetByEmail" value="yes"${f.allowPasswordResetByEmail === "yes" ? " checked" : ""}> Allow password reset by email</label><p class="hint">Users with a verified email address may reset a forgotten password from the sign-in page.</p></fieldset>
<fieldset><legend>Emails</legend>
<label class="field" for="environmentName">Environment name</label><p class="hint" id="environmentName-hint">Shown in the emails and beside the school's name (e.g. "Training"); needed before importing the default layouts.</p>${fieldError("environmentName", p)}<input id="environmentName" name="environmentName" value="${f.environmentName ?? ""}" maxlength="100"${described("environmentName", p)}>
<label class="field" for="senderAddress">Sender address</label><p class="hint" id="senderAddress-hint">${
    domains
      ? `Must be an address on ${domains}. Leave empty to keep the current sender.`
      : "Leave empty to keep the current sender."
  }</p>${fieldError("senderAddress", p)}<input id="senderAddress" name="senderAddress" type="email" value="${f.senderAddress ?? ""}" maxlength="254" autocomplete="off"${described("senderAddress", p)}>
<label class="field" for="timeZone">Time zone</label><p class="hint" id="timeZone-hint">Times in the console and on printed slips are in this zone.</p>${fieldError("timeZone", p)}<select id="timeZone" name="timeZone"${described("timeZone", p)}>${zones.map(
    (zone) => html`<option${zone === f.timeZone ? " selected" : ""}>${zone}</option>`,
  )}</select></fieldset>
<fieldset><legend>Security</legend>
<label class="field" for="stepUpActions">Step-up actions</label><p class="hint" id="stepUpActions-hint">Actions confirmed with the SSO PIN, one a line (lower-case letters, digits and underscores); sign_in must stay.</p>${fieldError("stepUpActions", p)}<textarea id="stepUpActions" name="stepUpActions" rows="5" class="short"${described("stepUpActions", p)}>${f.stepUpActions ?? ""}</textarea>
<fieldset class="nested" id="twoFactorRoles" aria-describedby="twoFactorRoles-hint"><legend>Two-factor roles</legend><p class="hint" id="twoFactorRoles-hint">These roles work only in a session signed in with an authenticator app's code as well as the password. A role you hold yourself needs your own authenticator too (Security keys), or you keep basic access only.</p>${fieldError("twoFactorRoles", p)}<ul class="checks">${roles.map(
    (role: Role) =>
      html`<li><label><input type="checkbox" name="twoFactor-${role}" value="yes"${f[`twoFactor-${role}`] === "yes" ? " checked" : ""}> ${role}</label></li>`,
  )}</ul></fieldset></fieldset>
<button type="submit">Save preferences</button></form>`;
}

/** What the preferences are, for who may read but not change them. */
function readOnly(tenant: Tenant): Html {
  const prefs = tenant.preferences;
  const login = loginOptions.find((o) => o.value === prefs.pinCodeLogin)?.label ?? prefs.pinCodeLogin;
  return html`<p>Only a site admin changes these preferences.</p><dl>
<dt>Login options</dt><dd>${login}</dd>
<dt>Password reset by email</dt><dd>${prefs.allowPasswordResetByEmail ? "Allowed" : "Not allowed"}</dd>
<dt>Environment name</dt><dd>${tenant.environmentName ?? "Not set"}</dd>
<dt>Sender address</dt><dd>${tenant.senderAddress ?? "The service's sender"}</dd>
<dt>Time zone</dt><dd>${tenant.timeZone ?? ""}</dd>
<dt>Step-up actions</dt><dd>${prefs.stepUpActions.join(", ")}</dd>
<dt>Two-factor roles</dt><dd>${prefs.twoFactorRoles.join(", ") || "None"}</dd></dl>`;
}

/** The IANA time zones a school may choose (the runtime's list), Europe/London first. */
export function timeZoneChoices(): string[] {
  const all = Intl.supportedValuesOf("timeZone").filter((zone) => isTimeZone(zone));
  return ["Europe/London", ...all.filter((zone) => zone !== "Europe/London")];
}
