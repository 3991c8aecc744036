/** Styles of the console's password-tools screens (joined into the one stylesheet by `assets.ts`). */
export const passwordToolsCss = ``;
