/** Styles of the console's password-tools screens (joined into the one stylesheet by `assets.ts`). */
export const passwordToolsCss = `a.button.pick{margin:0;padding:.15rem .7rem;font-size:1.1rem;line-height:1.2;min-width:2.2rem;text-align:center}
tr.chosen{background:#f0fdf4}
.count{font-size:1.1rem}.count strong{font-size:1.5rem}
.job-progress{margin:1.2rem 0;padding:1rem;border:1px solid #ccc;border-radius:.4rem}.job-progress label{margin-top:0}
.slip .address{word-break:break-all;font-size:.85rem}
.report-head{margin-bottom:1rem}
.slip dl{grid-template-columns:auto 1fr;margin:0}.slip dt{font-weight:600}
.pager label.inline{display:inline;margin:0 .3rem 0 0}.pager select{width:auto}.pager button{margin:0}.pager form{display:flex;align-items:center;gap:.4rem}
@media print{.slips{gap:4mm}.slip h2{font-size:11pt}}`;
