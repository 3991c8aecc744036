import { allowedItems, defaultLayouts, type EmailLayout, type LayoutId } from "../../domain/email-layout.js";
import { Html, html } from "../html.js";
import { type FieldProblems, sectionTabs } from "./preferences.js";
import { csrfField, doneMessage, flash, localTime } from "./ui.js";

/**
 * The email layouts screens (IndySoft's Layout Builder): the list with each layout's state and the import of the
 * defaults, and the editor of one layout with its merge items, the reasons a save is refused by field, and a live
 * preview in a sandboxed frame.
 */

/** A layout as the use cases show it (`LayoutView` of lib/app/emails/email-layouts.ts). */
export type LayoutSummary = EmailLayout & {
  source: "tenant" | "default";
  version: number;
  updatedAt?: string;
  description: string;
  requiredItems: readonly string[];
  optionalItems: readonly string[];
};

export type LayoutState = "not-imported" | "default" | "customised";

/** Not imported (the service's default is used), imported as it came, or changed by the school. */
export function layoutState(layout: LayoutSummary): LayoutState {
  if (layout.source === "default") return "not-imported";
  const original = defaultLayouts[layout.layoutId];
  const same =
    original.subject === layout.subject && original.html === layout.html && original.text === layout.text;
  return same ? "default" : "customised";
}

const stateLabels: Record<LayoutState, { label: string; badge: string }> = {
  "not-imported": { label: "Not imported", badge: "pending" },
  default: { label: "Default", badge: "" },
  customised: { label: "Customised", badge: "good" },
};

function stateBadge(layout: LayoutSummary): Html {
  const state = stateLabels[layoutState(layout)];
  return html`<span class="badge state${state.badge ? ` ${state.badge}` : ""}">${state.label}</span>`;
}

/** The fixed messages a redirect's `?done=` names. */
export const layoutsDone: Record<string, string> = {
  imported: "The default layouts were imported: each is now the school's own to customise.",
  unchanged: "Every layout was already imported; nothing changed.",
  saved: "The layout was saved. Emails use it from now on.",
};

/** The list of layouts, with the import of the defaults (which needs the environment name). */
export function layoutsPage(input: {
  layouts: readonly LayoutSummary[];
  environmentName?: string;
  canSetEnvironment: boolean;
  csrf: string;
  timeZone: string;
  done?: string;
}): Html {
  const rows = input.layouts.map(
    (l) =>
      html`<tr><th scope="row"><a href="/console/layouts/${l.layoutId}">${l.layoutId}</a></th><td>${l.description}</td><td>${stateBadge(l)}</td><td>${
        l.updatedAt ? localTime(l.updatedAt, input.timeZone) : "—"
      }</td></tr>`,
  );
  const missing = input.layouts.some((l) => l.source === "default");
  const importForm = input.environmentName
    ? html`<form method="post" action="/console/layouts/import" class="import">${csrfField(input.csrf)}<p>Import the default layouts as the school's own, to customise. They greet users with the environment name <strong>${input.environmentName}</strong>.</p><label><input type="checkbox" name="replace" value="yes"> Also reset the layouts already imported or customised to the defaults</label><button type="submit">Import default layouts</button></form>`
    : html`<div class="warn" role="status"><p>Set the school's environment name before importing the default layouts: they show it.${
        input.canSetEnvironment
          ? html` <a href="/console/preferences#environmentName">Set it in School preferences</a>.`
          : " Ask a site admin to set it in School preferences."
      }</p></div>`;
  return html`${sectionTabs("layouts", { layouts: true })}${flash(doneMessage(layoutsDone, input.done))}<p>The emails Latchkey sends for the school. Each uses merge items written <code>!NAME!</code>, filled in for each recipient.</p>${
    missing &&
    html`<p>Layouts <em>not imported</em> use the service's default until the school imports or saves its own.</p>`
  }<table class="layouts"><thead><tr><th scope="col">Layout</th><th scope="col">Sent when</th><th scope="col">State</th><th scope="col">Last saved</th></tr></thead><tbody>${rows}</tbody></table><h2>Import default layouts</h2>${importForm}`;
}

const partLabels = { subject: "Subject", html: "HTML body", text: "Text body" } as const;

function fieldError(id: string, problems: FieldProblems): Html {
  const messages = problems[id];
  if (!messages?.length) return html``;
  return html`<ul class="field-error" id="${id}-error">${messages.map((m) => html`<li>${partLabels[id as keyof typeof partLabels] ?? ""} ${m}</li>`)}</ul>`;
}

function invalid(id: string, problems: FieldProblems): Html {
  return problems[id]?.length ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

/** The merge items of a layout: which must appear in both bodies, which may, and the ones every layout knows. */
export function mergeItems(
  layout: Pick<LayoutSummary, "layoutId" | "requiredItems" | "optionalItems">,
): Html {
  const own = new Set([...layout.requiredItems, ...layout.optionalItems]);
  const common = allowedItems(layout.layoutId).filter((item) => !own.has(item));
  const list = (items: readonly string[]) =>
    html`${items.map((item, i) => html`${i > 0 ? ", " : ""}<code>!${item}!</code>`)}`;
  return html`<dl class="merge-items">${
    layout.requiredItems.length > 0 &&
    html`<dt>Required</dt><dd>${list(layout.requiredItems)} <span class="hint">(in the HTML and the text body; never in the subject)</span></dd>`
  }${layout.optionalItems.length > 0 && html`<dt>Optional</dt><dd>${list(layout.optionalItems)}</dd>`}<dt>Every layout</dt><dd>${list(common)}</dd></dl>`;
}

/** The editor of one layout: the form (live preview on input), its merge items and the preview frame. */
export function layoutEditor(input: {
  layout: LayoutSummary;
  csrf: string;
  timeZone: string;
  done?: string;
  /** What was typed (a refused save); else the layout as saved. */
  fields?: { subject: string; html: string; text: string; expectedVersion?: number };
  problems?: FieldProblems;
}): Html {
  const l = input.layout;
  const f = input.fields ?? { subject: l.subject, html: l.html, text: l.text, expectedVersion: l.version };
  const p = input.problems ?? {};
  const action = `/console/layouts/${l.layoutId}`;
  const summary = Object.entries(p).flatMap(([field, messages]) =>
    messages.map((m) =>
      field in partLabels
        ? html`<li><a href="#layout-${field}">${partLabels[field as keyof typeof partLabels]}</a> ${m}</li>`
        : html`<li>${m}</li>`,
    ),
  );
  return html`${flash(doneMessage(layoutsDone, input.done))}<p>${l.description} ${stateBadge(l)}${
    l.updatedAt
      ? html` <span class="hint">Version ${l.version}, saved ${localTime(l.updatedAt, input.timeZone)}</span>`
      : ""
  }</p><p><a href="/console/layouts">Back to all layouts</a></p>${
    summary.length > 0 &&
    html`<div class="error" role="alert"><p>The layout was not saved:</p><ul>${summary}</ul></div>`
  }<h2>Merge items</h2>${mergeItems(l)}<div class="columns layout-editor"><div><h2>Edit</h2><form method="post" action="${action}" data-live-preview${input.fields ? " data-preview-on-load" : ""}>${csrfField(input.csrf)}<input type="hidden" name="expectedVersion" value="${f.expectedVersion ?? l.version}">
<label for="layout-subject">Subject</label>${fieldError("subject", p)}<input id="layout-subject" name="subject" value="${f.subject}" maxlength="200"${invalid("subject", p)}>
<label for="layout-html">HTML body</label>${fieldError("html", p)}<textarea id="layout-html" name="html" spellcheck="false"${invalid("html", p)}>${f.html}</textarea>
<label for="layout-text">Text body</label>${fieldError("text", p)}<textarea id="layout-text" name="text"${invalid("text", p)}>${f.text}</textarea>
<div class="actions"><button type="submit">Save layout</button><button type="submit" class="secondary" data-preview-button formaction="${action}/preview" formtarget="preview">Preview</button></div></form></div>
<div><h2>Preview</h2><p class="hint">With sample values; it follows your typing (without script: press Preview).</p><iframe name="preview" title="Preview of the email" sandbox class="preview"${
    // A refused save previews its draft (the script sends it at once); loading the saved layout as well would race
    // it, and the frame could end on the saved text beside a different draft.
    input.fields ? "" : html` src="${action}/preview"`
  }></iframe></div></div>`;
}

/** The document in the preview frame: the subject, the HTML body as the email shows it, and the text body. */
export function previewDocument(rendered: { subject: string; html: string; text: string }): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview: ${rendered.subject}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1b}.meta{background:#f1f5f9;padding:.5rem .8rem;margin:-1rem -1rem 1rem}pre{white-space:pre-wrap;background:#f8fafc;padding:.6rem;border:1px solid #e2e8f0}h2{font-size:1rem;margin-top:1.5rem}</style></head>
<body><div class="meta"><p><strong>Subject:</strong> <span id="subject">${rendered.subject}</span></p></div>
<div id="html-body">${new Html(rendered.html)}</div><h2>Text version</h2><pre>${rendered.text}</pre></body></html>`
    .value;
}

/** A use case's field error as the editor names it ("Text body must contain …"). */
export function partMessage(error: { pointer: string; detail: string }): string {
  const part = error.pointer.slice(1);
  return `${part in partLabels ? partLabels[part as keyof typeof partLabels] : "The layout"} ${error.detail}`;
}

/** A draft the preview cannot render: the reasons, in the frame. */
export function previewProblems(messages: readonly string[]): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview not available</title>
<style>body{font-family:system-ui,sans-serif;padding:1rem}.error{background:#fee2e2;border-left:4px solid #b91c1c;padding:.6rem .8rem}</style></head>
<body><div class="error"><p><strong>This draft cannot be previewed yet:</strong></p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div></body></html>`
    .value;
}

export type { LayoutId };
