/** Styles of the console's audit screens (joined into the one stylesheet by `assets.ts`). */
export const auditCss = `ul.details{list-style:none;margin:0;padding:0;font-size:.9rem}
ul.details li{margin:0}
.toolbar>a{align-self:end;padding-bottom:.6rem}
code.key{display:block;word-break:break-all;padding:.6rem;background:#f3f4f6;border:1px solid #ccc;border-radius:.3rem;margin:.3rem 0 .6rem}
nav.section-screens ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:0 0 1rem}
nav.section-screens a[aria-current]{font-weight:700;text-decoration:none}
dl.statuses{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;font-size:.9rem}
dl.statuses dd{margin:0}
form.leave label,td form label.inline{font-weight:400;margin:0 .3rem}`;
