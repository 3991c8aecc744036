import { escapeHtml } from "../domain/email-layout.js";
import { assets } from "./assets.js";

/**
 * The service's own HTML pages (hosted pages and the console): server-rendered, no framework; a small script only
 * enhances. Every value goes through `html`, which escapes it; only `Html` built here is inserted as is.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = string | number | Html | undefined | false | readonly Html[];

/** A tagged template that HTML-escapes every interpolated value except `Html` (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    if (value instanceof Html) out += value.value;
    else if (Array.isArray(value)) out += value.map((v: Html) => v.value).join("");
    else if (value !== undefined && value !== false) out += escapeHtml(String(value));
    out += strings[i + 1] ?? "";
  });
  return new Html(out);
}

/**
 * The frame around a page's content: the school's name, and for a signed-in person the sign-out button; a Latchkey
 * ID session's pages also get the school switcher (`switcher`, set by `sessionPageFunction`).
 */
export type Shell = {
  /** The school whose page this is; shown on every page that knows it. */
  school?: string;
  /** Signed in: the sign-out button, with the session's form token. */
  signOut?: { csrf: string };
  /** A school switcher (Latchkey ID sessions): rendered as given, in the header. */
  switcher?: Html;
  /** Signed in: the console's sections this person may use (`console/nav.ts`); the page is then laid out wide. */
  nav?: readonly NavLink[];
  /** The school's environment name (IndySoft's "environment name", e.g. "Training"), shown beside its name. */
  environment?: string;
};

export type NavLink = { href: string; label: string; current?: boolean };

function nav(links: readonly NavLink[] | undefined): Html {
  if (!links || links.length === 0) return html``;
  return html`<nav class="console" aria-label="Console"><ul>${links.map(
    (l) => html`<li><a href="${l.href}"${l.current ? html` aria-current="page"` : ""}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

function header(shell: Shell): Html {
  return html`<header class="top"><p class="school">${shell.school ?? "Latchkey"}</p>${
    shell.environment && shell.environment !== shell.school && html`<p class="env">${shell.environment}</p>`
  }${shell.switcher}${
    shell.signOut &&
    html`<form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${shell.signOut.csrf}"><button type="submit">Sign out</button></form>`
  }</header>${nav(shell.nav)}`;
}

/** A whole page: the stylesheet and the (enhancing) script by their hashed addresses, no inline style or script. */
export function page(title: string, body: Html, shell: Shell = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}${shell.school ? ` · ${shell.school}` : ""} · Latchkey</title>
<link rel="stylesheet" href="${assets.stylesheet.path}"><script src="${assets.script.path}" defer></script></head>
<body${shell.nav?.length ? html` class="wide"` : ""}><a class="skip" href="#main">Skip to content</a>${header(shell)}<main id="main"><h1>${title}</h1>${body}</main></body></html>`
    .value;
}

/** A list of problems, shown above a form. */
export function problems(messages: readonly string[]): Html {
  if (messages.length === 0) return html``;
  return html`<div class="error" role="alert">${messages.map((m) => html`<p>${m}</p>`)}</div>`;
}

/**
 * Headers of every page: styles and scripts only from this service (`assets.ts`: no inline ones), forms post and
 * scripts fetch only here, frames only this service's own previews, the page itself never framed, no referrer (a
 * reset token in the address must not leak to other sites), never cached.
 */
export const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
} as const;
