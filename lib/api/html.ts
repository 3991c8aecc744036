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
.hint{color:#555;font-size:.9rem}`;

/** A whole page. */
export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · Latchkey</title><style>${new Html(style)}</style></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`.value;
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
