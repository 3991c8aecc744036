/** Styles of the console's audit screens (joined into the one stylesheet by `assets.ts`). */
export const auditCss = ``;
