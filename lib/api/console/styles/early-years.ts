/** Styles of the console's early-years screens (joined into the one stylesheet by `assets.ts`). */
export const earlyYearsCss = ``;
