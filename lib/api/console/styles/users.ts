/** Styles of the console's users screens (joined into the one stylesheet by `assets.ts`). */
export const usersCss = `form.sso-reset input{width:16rem}`;
