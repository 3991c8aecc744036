import { escapeHtml } from "../domain/email-layout.js";

/**
 * The service's own small HTML pages (reset password, forgot password, sign-up): no framework, no script. Every
 * value goes through `html`, which escapes it; only `Html` built here is inserted as is.
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

const style = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .3rem;font-weight:600}
input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.6rem 1.2rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:.3rem}
.error{background:#fee2e2;border-left:4px solid #b91c1c;padding:.6rem .8rem}
.ok{background:#dcfce7;border-left:4px solid #15803d;padding:.6rem .8rem}
.hint{color:#555;font-size:.9rem}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.8rem;border-bottom:1px solid #ccc;padding-bottom:.6rem}
header .school{font-weight:700;margin:0;flex:1}header form{margin:0}header button{margin:0;padding:.4rem .8rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{font-weight:600}dd{margin:0}
.switcher{display:flex;align-items:center;gap:.4rem}.switcher label{margin:0}.switcher select{padding:.3rem;font-size:1rem}
figure.qr{margin:1rem 0}figure.qr svg{width:220px;height:220px;display:block}
ol.codes code{font-size:1.1rem}fieldset{margin-top:1rem}fieldset label{font-weight:400;display:flex;align-items:center;gap:.5rem;margin:.4rem 0}
input[type=radio]{width:auto;margin:0}details{margin-top:1.2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}`;

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
};

function header(shell: Shell): Html {
  return html`<header><p class="school">${shell.school ?? "Latchkey"}</p>${shell.switcher}${
    shell.signOut &&
    html`<form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${shell.signOut.csrf}"><button type="submit">Sign out</button></form>`
  }</header>`;
}

/** A whole page. */
export function page(title: string, body: Html, shell: Shell = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}${shell.school ? ` · ${shell.school}` : ""} · Latchkey</title><style>${new Html(style)}</style></head>
<body>${header(shell)}<main><h1>${title}</h1>${body}</main></body></html>`.value;
}

/** A list of problems, shown above a form. */
export function problems(messages: readonly string[]): Html {
  if (messages.length === 0) return html``;
  return html`<div class="error" role="alert">${messages.map((m) => html`<p>${m}</p>`)}</div>`;
}

/**
 * Headers of every page: no script at all, forms post only to this service, no framing, no referrer (a reset
 * token in the address must not leak to other sites), never cached.
 */
export const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
} as const;
