import { type FieldError, ValidationError } from "./errors.js";
import { hasControlCharacters } from "./plain-text.js";

/**
 * Tenant email layouts (IndySoft "Login Email Layouts"): a subject, an HTML body and a text body with merge items
 * written `!NAME!`. Pure rules: which items each layout may and must use, validation, rendering with HTML
 * escaping, and the translation to an SES template.
 */
export const layoutIds = [
  "PINCODE_EMAIL_BODY",
  "PASSWORD_EMAIL_NEW",
  "PASSWORD_EMAIL_CHANGE",
  "PASSWORD_CHANGED_NOTICE",
  "SSO_PIN_RESET_NOTICE",
  "EMAIL_VERIFICATION",
  "AUTHENTICATOR_RESET_NOTICE",
] as const;
export type LayoutId = (typeof layoutIds)[number];

export type EmailLayout = { layoutId: LayoutId; subject: string; html: string; text: string };

/** A tenant's saved layout. */
export type StoredLayout = EmailLayout & {
  tenantId: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
};

/** Items every layout may use: filled from the tenant and the recipient. */
const commonItems = ["ENVIRONMENT_NAME", "SCHOOL_NAME", "FIRST_NAME", "LAST_NAME", "USERNAME"] as const;

type LayoutRules = {
  description: string;
  /** Must appear in the HTML and in the text body. */
  required: readonly string[];
  optional: readonly string[];
  /** Secret values: never allowed in the subject (it shows in inbox lists and mail logs). */
  secret: readonly string[];
};

export const layoutRules: Record<LayoutId, LayoutRules> = {
  PINCODE_EMAIL_BODY: {
    description: "Sends a user their PIN code for signing up new users in their likeness.",
    required: ["PINCODE"],
    optional: ["SIGN_UP_LINK"],
    secret: ["PINCODE"],
  },
  PASSWORD_EMAIL_NEW: {
    description: "Sent to a user created from a PIN code, with their temporary password.",
    required: ["TEMP_PASSWORD"],
    optional: ["SIGN_IN_LINK"],
    secret: ["TEMP_PASSWORD"],
  },
  PASSWORD_EMAIL_CHANGE: {
    description: "Sent when a user asks to reset their password: a link to set a new one.",
    required: ["RESET_LINK"],
    optional: ["LINK_EXPIRES_MINUTES"],
    secret: ["RESET_LINK"],
  },
  PASSWORD_CHANGED_NOTICE: {
    description: "Tells a user their password was changed (no secret in it).",
    required: [],
    optional: ["CHANGED_AT"],
    secret: [],
  },
  SSO_PIN_RESET_NOTICE: {
    description: "Tells a user their SSO PIN was reset and must be set up again (no secret in it).",
    required: [],
    optional: ["RESET_AT"],
    secret: [],
  },
  EMAIL_VERIFICATION: {
    description:
      "Asks a user to confirm their email address with a link (until they do, no reset link goes to it).",
    required: ["VERIFY_LINK"],
    optional: ["EMAIL", "LINK_EXPIRES_HOURS"],
    secret: ["VERIFY_LINK"],
  },
  AUTHENTICATOR_RESET_NOTICE: {
    description:
      "Tells a user an admin removed their authenticator apps and recovery codes (no secret in it).",
    required: [],
    optional: ["RESET_AT"],
    secret: [],
  },
};

/** Every merge item a layout may use. */
export function allowedItems(layoutId: LayoutId): string[] {
  const rules = layoutRules[layoutId];
  return [...commonItems, ...rules.required, ...rules.optional];
}

export const layoutLimits = { subject: 200, html: 50_000, text: 20_000 } as const;

const mergeItemPattern = /!([A-Z][A-Z0-9_]{0,39})!/g;

/** The merge items a part uses, in order of first use. */
export function mergeItemsIn(part: string): string[] {
  return [...new Set([...part.matchAll(mergeItemPattern)].map((m) => m[1] as string))];
}

/**
 * Checks a layout before it is saved: sizes, a one-line subject, no template syntax of SES's own (`{{`), only
 * merge items this layout knows, its required items in both bodies, and no secret in the subject.
 * Throws a `ValidationError` listing every problem.
 */
export function assertValidLayout(layout: EmailLayout): void {
  const errors: FieldError[] = [];
  const allowed = new Set(allowedItems(layout.layoutId));
  const rules = layoutRules[layout.layoutId];
  for (const part of ["subject", "html", "text"] as const) {
    const value = layout[part];
    const pointer = `/${part}`;
    if (value.trim().length === 0) errors.push({ pointer, detail: "must not be empty" });
    if (value.length > layoutLimits[part]) {
      errors.push({ pointer, detail: `must be at most ${layoutLimits[part]} characters` });
    }
    if (value.includes("{{") || value.includes("}}")) {
      errors.push({ pointer, detail: "must not contain '{{' or '}}'; write merge items as !NAME!" });
    }
    for (const item of mergeItemsIn(value)) {
      if (!allowed.has(item)) {
        errors.push({
          pointer,
          detail: `unknown merge item !${item}!; ${layout.layoutId} knows ${[...allowed].map((i) => `!${i}!`).join(", ")}`,
        });
      }
    }
  }
  if (hasControlCharacters(layout.subject)) {
    errors.push({ pointer: "/subject", detail: "must be one line, without control characters" });
  }
  for (const item of mergeItemsIn(layout.subject)) {
    if (rules.secret.includes(item)) {
      errors.push({ pointer: "/subject", detail: `must not contain !${item}!: subjects are not private` });
    }
  }
  for (const item of rules.required) {
    for (const part of ["html", "text"] as const) {
      if (!layout[part].includes(`!${item}!`)) {
        errors.push({ pointer: `/${part}`, detail: `must contain the merge item !${item}!` });
      }
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(`The ${layout.layoutId} layout cannot be saved.`, errors);
  }
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c] as string);
}

export type MergeValues = Readonly<Record<string, string>>;

/** Renders a layout: values go into the subject and text as they are, and HTML-escaped into the HTML body. */
export function renderLayout(layout: EmailLayout, values: MergeValues) {
  const fill = (part: string, encode: (v: string) => string) =>
    part.replace(mergeItemPattern, (_, name: string) => encode(values[name] ?? ""));
  return {
    subject: fill(layout.subject, (v) => v),
    html: fill(layout.html, escapeHtml),
    text: fill(layout.text, (v) => v),
  };
}

/**
 * The SES template for a layout. Each `!NAME!` becomes a triple-stash Handlebars reference (never escaped by
 * SES or the emulator) into one of two value sets: `text` for the subject and text body, `html` — escaped by
 * `sesTemplateData` — for the HTML body. Escaping is ours, so it does not depend on how a renderer escapes.
 */
export function sesTemplateContent(layout: EmailLayout) {
  const refer = (part: string, set: "text" | "html") =>
    part.replace(mergeItemPattern, (_, name: string) => `{{{${set}.${name}}}}`);
  return {
    Subject: refer(layout.subject, "text"),
    Html: refer(layout.html, "html"),
    Text: refer(layout.text, "text"),
  };
}

/** The `TemplateData` for a template made by `sesTemplateContent`. */
export function sesTemplateData(values: MergeValues): string {
  const html = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(v)]));
  return JSON.stringify({ text: values, html });
}

/** Values a preview renders with: plausible, and obviously not real secrets. */
export function sampleValues(layoutId: LayoutId, tenant: { name: string; environmentName?: string }) {
  const samples: Record<string, string> = {
    ENVIRONMENT_NAME: tenant.environmentName ?? tenant.name,
    SCHOOL_NAME: tenant.name,
    FIRST_NAME: "Alex",
    LAST_NAME: "Sample",
    USERNAME: "a.sample",
    PINCODE: "SAMPLE-PINCODE",
    SIGN_UP_LINK: "https://latchkey.example/sign-up",
    TEMP_PASSWORD: "sample-temporary-password",
    SIGN_IN_LINK: "https://latchkey.example/sign-in",
    RESET_LINK: "https://latchkey.example/reset-password#token=SAMPLE",
    LINK_EXPIRES_MINUTES: "60",
    CHANGED_AT: "22 November 2026, 09:30 UTC",
    RESET_AT: "22 November 2026, 09:30 UTC",
    VERIFY_LINK: "https://latchkey.example/verify-email?token=SAMPLE",
    EMAIL: "a.sample@school.example",
    LINK_EXPIRES_HOURS: "72",
  };
  return Object.fromEntries(allowedItems(layoutId).map((item) => [item, samples[item] ?? item]));
}

const authenticatorReset = "an administrator removed the authenticator apps and recovery codes of your";
const enrolAgain = "You will be asked to add an authenticator again at your next sign-in.";

/** The notice of an admin's reset of a lost authenticator. */
export const authenticatorResetLayout: EmailLayout = {
  layoutId: "AUTHENTICATOR_RESET_NOTICE",
  subject: "Your !ENVIRONMENT_NAME! authenticator was reset",
  html: `<p>Hello !FIRST_NAME!,</p><p>On !RESET_AT! ${authenticatorReset} !ENVIRONMENT_NAME! account <b>!USERNAME!</b>. ${enrolAgain}</p><p>If you did not ask for this, contact your school's administrator.</p>`,
  text: `Hello !FIRST_NAME!,\n\nOn !RESET_AT! ${authenticatorReset} !ENVIRONMENT_NAME! account !USERNAME!. ${enrolAgain}\n\nIf you did not ask for this, contact your school's administrator.\n`,
};

const signOff = "If you did not expect this email, contact your school's administrator.";

/** The default layouts (what "import the default layouts" copies, and what a tenant without its own gets). */
export const defaultLayouts: Record<LayoutId, EmailLayout> = {
  PINCODE_EMAIL_BODY: {
    layoutId: "PINCODE_EMAIL_BODY",
    subject: "Your !ENVIRONMENT_NAME! PIN code",
    html:
      '<p>Hello !FIRST_NAME!,</p><p>Here is the PIN code for signing up new users of !ENVIRONMENT_NAME! in the likeness of <b>!USERNAME!</b>:</p><p style="font-size:1.4em;font-family:monospace">!PINCODE!</p><p>Enter it with the new user\'s email and username at <a href="!SIGN_UP_LINK!">!SIGN_UP_LINK!</a>. Keep it private: anyone with it can create users.</p><p>' +
      signOff +
      "</p>",
    text: `Hello !FIRST_NAME!,\n\nHere is the PIN code for signing up new users of !ENVIRONMENT_NAME! in the likeness of !USERNAME!:\n\n    !PINCODE!\n\nEnter it with the new user's email and username at !SIGN_UP_LINK!\nKeep it private: anyone with it can create users.\n\n${signOff}\n`,
  },
  PASSWORD_EMAIL_NEW: {
    layoutId: "PASSWORD_EMAIL_NEW",
    subject: "Your new !ENVIRONMENT_NAME! account",
    html: `<p>Hello !FIRST_NAME!,</p><p>An account was created for you on !ENVIRONMENT_NAME!.</p><p>Username: <b>!USERNAME!</b><br>Temporary password: <b style="font-family:monospace">!TEMP_PASSWORD!</b></p><p>Sign in at <a href="!SIGN_IN_LINK!">!SIGN_IN_LINK!</a>; you will be asked to choose your own password.</p><p>${signOff}</p>`,
    text: `Hello !FIRST_NAME!,\n\nAn account was created for you on !ENVIRONMENT_NAME!.\n\nUsername: !USERNAME!\nTemporary password: !TEMP_PASSWORD!\n\nSign in at !SIGN_IN_LINK! — you will be asked to choose your own password.\n\n${signOff}\n`,
  },
  PASSWORD_EMAIL_CHANGE: {
    layoutId: "PASSWORD_EMAIL_CHANGE",
    subject: "Reset your !ENVIRONMENT_NAME! password",
    html: `<p>Hello !FIRST_NAME!,</p><p>Someone asked to reset the password of your !ENVIRONMENT_NAME! account <b>!USERNAME!</b>.</p><p><a href="!RESET_LINK!">Choose a new password</a></p><p>The link works once, for !LINK_EXPIRES_MINUTES! minutes. If you did not ask, ignore this email: your password stays as it is.</p>`,
    text: `Hello !FIRST_NAME!,\n\nSomeone asked to reset the password of your !ENVIRONMENT_NAME! account !USERNAME!.\n\nChoose a new password: !RESET_LINK!\n\nThe link works once, for !LINK_EXPIRES_MINUTES! minutes. If you did not ask, ignore this email: your password stays as it is.\n`,
  },
  PASSWORD_CHANGED_NOTICE: {
    layoutId: "PASSWORD_CHANGED_NOTICE",
    subject: "Your !ENVIRONMENT_NAME! password was changed",
    html: `<p>Hello !FIRST_NAME!,</p><p>The password of your !ENVIRONMENT_NAME! account <b>!USERNAME!</b> was changed on !CHANGED_AT!.</p><p>If this was not you, contact your school's administrator straight away.</p>`,
    text: `Hello !FIRST_NAME!,\n\nThe password of your !ENVIRONMENT_NAME! account !USERNAME! was changed on !CHANGED_AT!.\n\nIf this was not you, contact your school's administrator straight away.\n`,
  },
  SSO_PIN_RESET_NOTICE: {
    layoutId: "SSO_PIN_RESET_NOTICE",
    subject: "Your !ENVIRONMENT_NAME! SSO PIN was reset",
    html: `<p>Hello !FIRST_NAME!,</p><p>The SSO PIN of your !ENVIRONMENT_NAME! account <b>!USERNAME!</b> was reset on !RESET_AT!. You will be asked to set up a new PIN the next time you sign in.</p><p>If you did not ask for this, contact your school's administrator.</p>`,
    text: `Hello !FIRST_NAME!,\n\nThe SSO PIN of your !ENVIRONMENT_NAME! account !USERNAME! was reset on !RESET_AT!. You will be asked to set up a new PIN the next time you sign in.\n\nIf you did not ask for this, contact your school's administrator.\n`,
  },
  EMAIL_VERIFICATION: {
    layoutId: "EMAIL_VERIFICATION",
    subject: "Confirm your email address for !ENVIRONMENT_NAME!",
    html: `<p>Hello !FIRST_NAME!,</p><p>!SCHOOL_NAME! gave <b>!EMAIL!</b> as the email address of your !ENVIRONMENT_NAME! account <b>!USERNAME!</b>. Please confirm it is yours:</p><p><a href="!VERIFY_LINK!">Confirm my email address</a></p><p>The link works for !LINK_EXPIRES_HOURS! hours. Once you confirm, you can reset your password by email. ${signOff}</p>`,
    text: `Hello !FIRST_NAME!,\n\n!SCHOOL_NAME! gave !EMAIL! as the email address of your !ENVIRONMENT_NAME! account !USERNAME!. Please confirm it is yours:\n\n!VERIFY_LINK!\n\nThe link works for !LINK_EXPIRES_HOURS! hours. Once you confirm, you can reset your password by email. ${signOff}\n`,
  },
  AUTHENTICATOR_RESET_NOTICE: authenticatorResetLayout,
};

/** A date as emails show it: "22 November 2026, 09:30 UTC". */
export function emailDate(date: Date): string {
  const day = date.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const time = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  return `${day}, ${time} UTC`;
}

/** Merge values every email of a tenant gets. */
export function tenantValues(tenant: { name: string; environmentName?: string }) {
  return { ENVIRONMENT_NAME: tenant.environmentName ?? tenant.name, SCHOOL_NAME: tenant.name };
}

/** Merge values about the recipient. */
export function recipientValues(user: { forename: string; surname: string; username: string }) {
  return { FIRST_NAME: user.forename, LAST_NAME: user.surname, USERNAME: user.username };
}
