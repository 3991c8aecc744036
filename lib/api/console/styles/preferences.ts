/** Styles of the console's preferences screens (joined into the one stylesheet by `assets.ts`). */
export const preferencesCss = `form.preferences,form.pin-code{max-width:42rem}
form.preferences fieldset{margin:1.2rem 0;padding:.6rem 1rem 1rem;border-radius:.3rem}
form.preferences legend{font-weight:700;padding:0 .3rem}
form.preferences fieldset label .hint{margin-left:.3rem}
form.preferences label.field,form.pin-code label.field{display:block;font-weight:600;margin:1rem 0 .3rem}
.field-error{color:#b91c1c;font-weight:600;margin:.2rem 0}
[aria-invalid=true]{border:2px solid #b91c1c}
form.preferences fieldset.nested{border:0;padding:0;margin:1rem 0 0}form.preferences fieldset.nested legend{font-weight:600;padding:0}
ul.checks{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}
textarea.short{min-height:6rem;max-width:24rem}
.layout-editor textarea{min-height:14rem}
.layout-editor .columns>div{min-width:0}
.merge-items code{background:#f1f5f9;padding:0 .25rem;border-radius:.2rem}
.state{white-space:nowrap}
.pin-state{margin:1rem 0}
nav.tabs ul{display:flex;gap:.3rem;list-style:none;padding:0;margin:0 0 1rem;border-bottom:1px solid #ccc}
nav.tabs a{display:block;padding:.45rem .9rem;color:#1d4ed8;text-decoration:none;border:1px solid transparent;border-bottom:0;border-radius:.3rem .3rem 0 0}
nav.tabs a[aria-current]{border-color:#ccc;background:#fff;color:#1b1b1b;font-weight:600;margin-bottom:-1px}`;
