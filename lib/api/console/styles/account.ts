/** Styles of the console's account screens (joined into the one stylesheet by `assets.ts`). */
export const accountCss = ``;
