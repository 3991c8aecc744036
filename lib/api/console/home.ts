import type { Role } from "../../domain/model.js";
import { type Html, html } from "../html.js";
import { signInPages } from "../sign-in-pages.js";
import { accountScreens, type ConsoleSection } from "./nav.js";

/** The console's home page: each section this person may use with its screens, then their own account. */
export function homePage(input: {
  name: string;
  roles: readonly Role[];
  withheldRoles: readonly Role[];
  sections: readonly ConsoleSection[];
}): Html {
  const cards = input.sections.map(
    (section) =>
      html`<li><h2><a href="${section.href}">${section.label}</a></h2><p class="hint">${section.purpose}</p><ul>${section.screens.map(
        (screen) => html`<li><a href="${screen.href}">${screen.label}</a></li>`,
      )}</ul></li>`,
  );
  return html`${signInPages.basicAccess(input.withheldRoles)}<p>Signed in as <strong>${input.name}</strong> (${input.roles.join(", ") || "no roles"}).</p>${
    input.sections.length === 0 &&
    html`<p>There is nothing to manage with your roles; your own account is below.</p>`
  }<ul class="cards">${cards}<li><h2><a href="/account">Your account</a></h2><p class="hint">Your password, security keys and schools</p><ul>${accountScreens.map(
    (screen) => html`<li><a href="${screen.href}">${screen.label}</a></li>`,
  )}</ul></li></ul>`;
}
