/** Styles of the console's early-years screens (joined into the one stylesheet by `assets.ts`). */
export const earlyYearsCss = `form.ey-settings select{width:auto;min-width:6rem}
.ey-class details{display:inline-block;margin-right:.4rem}.ey-class details form{display:block;margin:.4rem 0}
.ey-class details input{width:10rem}.ey-class details button{margin-top:.4rem}`;
