import { createHash } from "node:crypto";
import { accountCss } from "./console/styles/account.js";
import { auditCss } from "./console/styles/audit.js";
import { earlyYearsCss } from "./console/styles/early-years.js";
import { passwordToolsCss } from "./console/styles/password-tools.js";
import { preferencesCss } from "./console/styles/preferences.js";
import { usersCss } from "./console/styles/users.js";

/**
 * The pages' one stylesheet and one script, served by the `asset` function at content-hashed addresses (cached for
 * a year, immutable), so the pages' policy allows styles and scripts from this service only: no inline style, no
 * inline script. The script only enhances: every form works without it (see the README's console section).
 */
const css = `*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.45}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.4rem;z-index:2}
main{max-width:28rem;margin:2rem auto;padding:0 1rem}
body.wide main{max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem}
label{display:block;margin:1rem 0 .3rem;font-weight:600}
input,select,textarea{width:100%;padding:.5rem;font-size:1rem;font-family:inherit;border:1px solid #767676;border-radius:.2rem}
textarea{min-height:8rem;font-family:ui-monospace,monospace;font-size:.9rem}
button,.button{display:inline-block;margin-top:1.2rem;padding:.55rem 1.1rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:.3rem;cursor:pointer;text-decoration:none;font-family:inherit}
button.secondary,.button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
button.danger{background:#b91c1c}
button.link{background:none;color:#1d4ed8;text-decoration:underline;padding:0;margin:0;border:0}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{background:#fee2e2;border-left:4px solid #b91c1c;padding:.6rem .8rem}
.ok{background:#dcfce7;border-left:4px solid #15803d;padding:.6rem .8rem}
.warn{background:#fef3c7;border-left:4px solid #b45309;padding:.6rem .8rem}
.hint{color:#555;font-size:.9rem}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.8rem;padding:.6rem 1rem;border-bottom:1px solid #ccc}
header.top .school{font-weight:700;margin:0;flex:1}header.top form{margin:0}header.top button{margin:0;padding:.4rem .8rem}
.env{background:#7c2d12;color:#fff;border-radius:.2rem;padding:.1rem .4rem;font-size:.8rem;margin:0}
nav.console{background:#1e293b}
nav.console ul{display:flex;flex-wrap:wrap;gap:0;margin:0 auto;padding:0 1rem;list-style:none;max-width:72rem}
nav.console a{display:block;color:#fff;padding:.6rem .8rem;text-decoration:none}
nav.console a:hover{text-decoration:underline}
nav.console a[aria-current]{background:#334155;font-weight:600;box-shadow:inset 0 -3px 0 #f59e0b}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{font-weight:600}dd{margin:0}
.switcher{display:flex;align-items:center;gap:.4rem}.switcher label{margin:0}.switcher select{padding:.3rem;font-size:1rem;width:auto}
figure.qr{margin:1rem 0}figure.qr svg{width:220px;height:220px;display:block}
ol.codes code{font-size:1.1rem}fieldset{margin-top:1rem;border:1px solid #ccc}fieldset label{font-weight:400;display:flex;align-items:center;gap:.5rem;margin:.4rem 0}
input[type=radio],input[type=checkbox]{width:auto;margin:0}details{margin-top:1.2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
th a{color:inherit}td form{display:inline;margin:0}td button{margin:0;padding:.25rem .6rem;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem;padding:0;list-style:none}
.cards>li{border:1px solid #ccc;border-radius:.4rem;padding:.8rem 1rem}.cards h2{margin-top:0}
.cards ul{padding-left:1.1rem;margin:.4rem 0}
.toolbar{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;margin:1rem 0}
.toolbar label{margin:0 0 .2rem}.toolbar input,.toolbar select{width:auto}.toolbar button{margin:0}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.8rem;font-size:.85rem;background:#e5e7eb}
.badge.good{background:#dcfce7}.badge.bad{background:#fee2e2}.badge.pending{background:#fef3c7}
.inline{display:inline}.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}.actions button{margin:0}
progress{width:100%;height:1.4rem}
.preview{width:100%;min-height:24rem;border:1px solid #ccc}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}@media (max-width:48rem){.columns{grid-template-columns:1fr}}
code.secret{font-size:1.05rem;letter-spacing:.05em}
.slips{display:grid;grid-template-columns:1fr 1fr;gap:6mm}
.slip{border:1px dashed #555;padding:4mm 5mm;break-inside:avoid;page-break-inside:avoid}
.slip h2{font-size:1rem;margin:0 0 2mm}.slip dl{font-size:.95rem;gap:1mm 4mm}.slip .secret{font-size:1.2rem;font-weight:700}
@page{size:A4;margin:12mm}
@media print{header.top,nav.console,.no-print,.skip{display:none}main,body.wide main{max-width:none;margin:0;padding:0}body{font-size:11pt}}`;

const script = `"use strict";
(() => {
  // Progress of a bulk job: polls its JSON at least once a second and fills the bar; the page works without this
  // (it has a Refresh link), and the job runs on whether or not the page is open.
  for (const box of document.querySelectorAll("[data-progress]")) {
    const bar = box.querySelector("progress");
    const text = box.querySelector("[data-progress-text]");
    const done = document.querySelector("[data-when-done]");
    const poll = async () => {
      try {
        const answer = await fetch(box.dataset.progress, { headers: { accept: "application/json" }, credentials: "same-origin" });
        if (answer.ok) {
          const p = await answer.json();
          if (bar) { bar.max = Math.max(1, p.total); bar.value = p.done; }
          if (text) text.textContent = p.text;
          if (p.finished) { if (done) { done.hidden = false; done.querySelector("a,button")?.focus(); } return; }
        }
      } catch {}
      setTimeout(poll, 800);
    };
    for (const el of box.querySelectorAll("[data-no-script]")) el.hidden = true;
    poll();
  }
  // Live preview: as the layout is edited, the form is sent to the preview (its button targets the frame).
  for (const form of document.querySelectorAll("form[data-live-preview]")) {
    const button = form.querySelector("[data-preview-button]");
    let timer;
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => form.requestSubmit(button), 400);
    });
  }
  // Preferences (layout editor): a form shown again with what was typed (a refused save) previews that draft at
  // once, so the frame does not show the saved layout beside a different text. Without script: the Preview button.
  for (const form of document.querySelectorAll("form[data-live-preview][data-preview-on-load]")) {
    form.requestSubmit(form.querySelector("[data-preview-button]"));
  }
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
})();`;

export type Asset = { path: string; contentType: string; body: string };

function asset(name: string, extension: string, contentType: string, body: string): Asset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path: `/assets/${name}.${hash}.${extension}`, contentType, body };
}

export const assets = {
  stylesheet: asset(
    "latchkey",
    "css",
    "text/css; charset=utf-8",
    [css, passwordToolsCss, earlyYearsCss, usersCss, preferencesCss, auditCss, accountCss].join("\n"),
  ),
  script: asset("console", "js", "text/javascript; charset=utf-8", script),
} as const;

/** The asset a file name (the last part of its address) names, if any. */
export function assetNamed(file: string): Asset | undefined {
  return Object.values(assets).find((a) => a.path === `/assets/${file}`);
}
