/** Styles of the console's preferences screens (joined into the one stylesheet by `assets.ts`). */
export const preferencesCss = ``;
