import type { JobReport } from "../app/jobs/job-report.js";
import type { PinSlip } from "../app/pupil-pins/pupil-pin-slips.js";
import type { PasswordReport, ReportRow } from "../app/temporary-passwords/password-report.js";
import { escapeHtml } from "../domain/email-layout.js";
import { localTime } from "./console/ui.js";

/**
 * A job's report as `retrieveJobReport` returns it — a one-time list of secrets to hand out (a regeneration's
 * temporary passwords, a pupil-PIN job's PINs), or a group-email job's list of members who got no email — rendered
 * here as CSV or a printable page. A regeneration's report may come without its `kind`.
 */
export type SlipReport = JobReport | (PasswordReport & { kind?: "temporary-passwords" });
type UnreachableReport = Extract<JobReport, { kind: "reset-emails" | "email-verifications" }>;
const isUnreachable = (report: SlipReport): report is UnreachableReport =>
  report.kind === "reset-emails" || report.kind === "email-verifications";
type SlipRow = ReportRow & Partial<PinSlip>;

const isPins = (report: SlipReport) => report.kind === "pupil-pins";

function columnsOf(report: SlipReport): [keyof SlipRow, string][] {
  return [
    ["generatedAt", "Generated"],
    ["forename", "Forename"],
    ["surname", "Surname"],
    ["username", "Username"],
    ["group", "Group"],
    ...(isPins(report)
      ? ([["pin", "PIN"]] as [keyof SlipRow, string][])
      : ([
          ["password", "Temporary password"],
          ["dayOfBirth", "Day of birth"],
        ] as [keyof SlipRow, string][])),
    ["void", "Void"],
  ];
}

/**
 * RFC 4180 CSV. Fields that a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) are prefixed with
 * an apostrophe (OWASP CSV injection); a generated password never starts with one (the symbol class has none of
 * them), names might.
 */
export function reportCsv(report: SlipReport): string {
  const cell = (value: string | undefined) => {
    const text = value ?? "";
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  if (isUnreachable(report)) {
    const lines = [
      "Forename,Surname,Username,Group,Reason",
      ...report.rows.map((r) => [r.forename, r.surname, r.username, r.group, r.reason].map(cell).join(",")),
    ];
    return `${lines.join("\r\n")}\r\n`;
  }
  const columns = columnsOf(report);
  const rows: SlipRow[] = report.rows;
  const lines = [
    columns.map(([, title]) => title).join(","),
    ...rows.map((row) => columns.map(([key]) => cell(row[key])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** The school the slips are for: its name heads the page, its time zone dates it (UTC when not given). */
export type ReportSchool = { name: string; timeZone: string };

const whenIn = (timeZone: string | undefined) => (iso: string) =>
  timeZone ? localTime(iso, timeZone) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A print-ready page of slips, one per user, to hand to a class teacher or cut into strips (SIMS ID's report).
 * No scripts and no external resources; slips never split across pages; A4. With the school, its name is on every
 * slip and times are in its time zone.
 */
export function reportHtml(report: SlipReport, school?: ReportSchool): string {
  if (isUnreachable(report)) return unreachableHtml(report);
  const when = whenIn(school?.timeZone);
  const pins = isPins(report);
  const title = pins ? "Early-years PINs" : "Temporary passwords";
  const rows: SlipRow[] = report.rows;
  const slips = rows
    .map((row) => {
      const value = pins ? row.pin : row.password;
      const secret = value
        ? `<p class="password"><span>${pins ? "PIN" : "Temporary password"}</span> <code>${escapeHtml(value)}</code></p>`
        : `<p class="void">VOID — ${escapeHtml(row.void ?? "")}</p>`;
      return `<section class="slip${value ? "" : " voided"}">
  <p class="name">${escapeHtml(row.forename)} ${escapeHtml(row.surname)}</p>
  <p><span>Username</span> <code>${escapeHtml(row.username)}</code></p>
  ${secret}
  <p class="meta">${school ? `${escapeHtml(school.name)} · ` : ""}${escapeHtml(row.className ?? row.group)}${row.dayOfBirth ? ` · day of birth ${escapeHtml(row.dayOfBirth)}` : ""} · generated ${escapeHtml(when(row.generatedAt))}</p>
</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>${title} — ${escapeHtml(report.groups.join(", "))}</title>
<style>
  body { font: 12pt/1.4 system-ui, sans-serif; margin: 1.5rem; color: #000; }
  header p { margin: 0.2rem 0; }
  .warning { border: 2px solid #000; padding: 0.5rem; margin: 1rem 0; }
  .slips { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
  .slip { border: 1px dashed #555; padding: 0.6rem 0.8rem; break-inside: avoid; page-break-inside: avoid; }
  .slip p { margin: 0.15rem 0; }
  .name { font-weight: 700; font-size: 13pt; }
  span { color: #444; font-size: 10pt; }
  code { font: 700 14pt/1.2 ui-monospace, monospace; letter-spacing: 0.05em; }
  .meta { font-size: 9pt; color: #444; }
  .voided { color: #777; }
  .void { font-weight: 700; }
  @page { size: A4; margin: 12mm; }
  @media print { body { margin: 0; } .warning { display: none; } }
</style>
</head>
<body>
<header>
  <h1>${school ? `${escapeHtml(school.name)}: ` : ""}${title}</h1>
  <p>Groups: ${escapeHtml(report.groups.join(", "))}</p>
  <p>Generated ${escapeHtml(when(report.generatedAt))} · retrieved ${escapeHtml(when(report.retrievedAt))} · ${report.rows.length} ${pins ? "pupils" : "users"}</p>
  <p class="warning">This report can be retrieved only once. Print it now (Ctrl-P), store it securely, hand the slips
  out and destroy the rest. To reprint, ${pins ? "generate new PINs" : "regenerate the passwords"}: a new list voids this one.</p>
</header>
<main class="slips">
${slips}
</main>
</body>
</html>
`;
}

/** What each group-email job's report page says. */
const unreachableWords = {
  "reset-emails": {
    title: "No reset email",
    heading: "Members who got no reset email",
    advice:
      "Give these members temporary passwords instead (regenerate their group's passwords, or reset one user's).",
  },
  "email-verifications": {
    title: "No verification email",
    heading: "Members who could not be asked to confirm an email address",
    advice:
      "Add an email address to these members in the roster (or enable their accounts), then send again.",
  },
} as const;

/** The members a group-email job could not reach, as a printable table. */
function unreachableHtml(report: UnreachableReport): string {
  const words = unreachableWords[report.kind];
  const rows = report.rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.forename)} ${escapeHtml(r.surname)}</td><td><code>${escapeHtml(r.username)}</code></td><td>${escapeHtml(r.group)}</td><td>${escapeHtml(r.reason)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>${words.title} — ${escapeHtml(report.groups.join(", "))}</title>
<style>body{font:12pt/1.4 system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left}</style>
</head>
<body>
<h1>${words.heading}</h1>
<p>Groups: ${escapeHtml(report.groups.join(", "))} · started ${escapeHtml(whenIn(undefined)(report.generatedAt))} · ${report.emailed} emailed, ${report.rows.length} listed below</p>
<p>${words.advice}</p>
<table><thead><tr><th>Name</th><th>Username</th><th>Group</th><th>Why</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
