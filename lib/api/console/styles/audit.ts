/** Styles of the console's audit screens (joined into the one stylesheet by `assets.ts`). */
export const auditCss = `ul.details{list-style:none;margin:0;padding:0;font-size:.9rem}
ul.details li{margin:0}
.toolbar a{align-self:center}
code.key{display:block;word-break:break-all;padding:.6rem;background:#f3f4f6;border:1px solid #ccc;border-radius:.3rem}`;
