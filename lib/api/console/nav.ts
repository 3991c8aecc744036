import type { Role } from "../../domain/model.js";
import { type Action, can, type Principal } from "../../domain/permissions.js";
import type { NavLink } from "../html.js";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/**
 * The console's sections (one per seed's set of screens). A section is shown to whoever may do at least one thing in
 * it: its actions (`domain/permissions.ts`) or, for the class teachers' own screens, its roles. Every screen is at
 * most two clicks from home: the section in this bar, then the screen on the section's page.
 */
export type ConsoleSection = {
  href: string;
  label: string;
  /** What the section's home page says it is for. */
  purpose: string;
  actions: readonly Action[];
  roles?: readonly Role[];
  /** Its screens, linked from the console's home page (one click) and from the section's own page. */
  screens: readonly { href: string; label: string; actions?: readonly Action[]; roles?: readonly Role[] }[];
};

export const consoleSections: readonly ConsoleSection[] = [
  {
    href: "/console/password-tools",
    label: "Password tools",
    purpose: "Unclaimed users, regenerate temporary passwords, one-time reports, reset emails",
    actions: ["passwords:read", "passwords:generate", "emails:send-resets"],
    screens: [
      { href: "/console/password-tools/unclaimed", label: "Unclaimed users", actions: ["passwords:read"] },
      {
        href: "/console/password-tools/regenerate",
        label: "Regenerate temporary passwords",
        actions: ["passwords:generate"],
      },
      {
        href: "/console/password-tools/reset-emails",
        label: "Send reset emails",
        actions: ["emails:send-resets"],
      },
      {
        href: "/console/password-tools/reset",
        label: "Reset one user's password",
        actions: ["passwords:generate"],
      },
    ],
  },
  {
    href: "/console/early-years",
    label: "Early years",
    purpose: "Pupil PIN logins: the declaration, year groups, class lists, changing and printing PINs",
    actions: ["early-years:configure", "early-years:declare"],
    roles: ["class-teacher", "nominated-contact"],
    screens: [
      { href: "/console/early-years/declaration", label: "Declaration", actions: ["early-years:declare"] },
      {
        href: "/console/early-years/settings",
        label: "Year groups and default PINs",
        actions: ["early-years:configure"],
      },
      {
        href: "/console/early-years",
        label: "Class lists and PINs",
        actions: ["early-years:configure"],
        roles: ["class-teacher", "nominated-contact"],
      },
    ],
  },
  {
    href: "/console/users",
    label: "Users",
    purpose: "Find a user: SSO PIN, sessions, PIN codes, history",
    actions: ["users:read"],
    screens: [{ href: "/console/users", label: "Active user accounts" }],
  },
  {
    href: "/console/preferences",
    label: "Preferences",
    purpose: "Login options, password reset by email, sender, two factors, email layouts",
    actions: ["tenant:update", "emails:layouts"],
    screens: [
      { href: "/console/preferences", label: "School preferences", actions: ["tenant:update"] },
      { href: "/console/layouts", label: "Email layouts", actions: ["emails:layouts"] },
    ],
  },
  {
    href: "/console/audit",
    label: "Audit and emails",
    purpose: "What happened and who did it, email delivery, API keys",
    actions: ["audit:read", "emails:read", "api-keys:manage"],
    screens: [
      { href: "/console/audit", label: "Audit events", actions: ["audit:read"] },
      { href: "/console/emails", label: "Email delivery", actions: ["emails:read"] },
      { href: "/console/api-keys", label: "API keys", actions: ["api-keys:manage"] },
    ],
  },
];

/** Whether the person may use something guarded by these actions or roles (neither given: anyone signed in). */
export function mayUse(
  principal: UserPrincipal,
  guard: { actions?: readonly Action[]; roles?: readonly Role[] },
): boolean {
  if (!guard.actions && !guard.roles) return true;
  return (
    (guard.actions ?? []).some((action) => can(principal, action)) ||
    (guard.roles ?? []).some((role) => principal.roles.includes(role))
  );
}

/** The sections this person may use, each with only the screens they may use. */
export function sectionsFor(principal: UserPrincipal): ConsoleSection[] {
  return consoleSections
    .filter((section) => mayUse(principal, section))
    .map((section) => ({ ...section, screens: section.screens.filter((s) => mayUse(principal, s)) }));
}

/** The person's own screens (every signed-in person): on the home page beside the sections. */
export const accountScreens = [
  { href: "/account", label: "Your account" },
  { href: "/account/password", label: "Change password" },
  { href: "/security-keys", label: "Security keys" },
  { href: "/account/schools", label: "Your schools" },
] as const;

/** The bar of a signed-in page: home, the sections this person may use, their account; `path` marks the current. */
export function consoleNav(principal: UserPrincipal, path: string): NavLink[] {
  const links: NavLink[] = [
    { href: "/console", label: "Home" },
    ...sectionsFor(principal).map(({ href, label }) => ({ href, label })),
    { href: "/account", label: "Your account" },
  ];
  // A section is current on its own pages and on its screens' (e.g. /console/emails is in "Audit and emails").
  const under = (href: string) => path === href || path.startsWith(`${href}/`);
  const screensOf = (href: string) => consoleSections.find((s) => s.href === href)?.screens ?? [];
  const match = (l: NavLink) =>
    Math.max(...[l.href, ...screensOf(l.href).map((s) => s.href)].map((h) => (under(h) ? h.length : -1)));
  const current = links.filter((l) => match(l) >= 0).sort((a, b) => match(b) - match(a))[0];
  const accountPages = ["/security-keys", "/switch-school", "/account"];
  return links.map((l) => ({
    ...l,
    current:
      l === current ||
      (l.href === "/account" && accountPages.some((p) => path === p || path.startsWith(`${p}/`))),
  }));
}
