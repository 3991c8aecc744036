import type { PasswordReport, ReportRow } from "../app/password-report.js";

const columns: [keyof ReportRow, string][] = [
  ["generatedAt", "Generated"],
  ["forename", "Forename"],
  ["surname", "Surname"],
  ["username", "Username"],
  ["group", "Group"],
  ["password", "Temporary password"],
  ["dayOfBirth", "Day of birth"],
  ["void", "Void"],
];

/**
 * RFC 4180 CSV. Fields that a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) are prefixed with
 * an apostrophe (OWASP CSV injection); a generated password never starts with one (the symbol class has none of
 * them), names might.
 */
export function reportCsv(report: PasswordReport): string {
  const cell = (value: string | undefined) => {
    const text = value ?? "";
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [
    columns.map(([, title]) => title).join(","),
    ...report.rows.map((row) => columns.map(([key]) => cell(row[key])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A print-ready page of slips, one per user, to hand to a class teacher or cut into strips (SIMS ID's report).
 * No scripts and no external resources; slips never split across pages.
 */
export function reportHtml(report: PasswordReport): string {
  const slips = report.rows
    .map((row) => {
      const secret = row.password
        ? `<p class="password"><span>Temporary password</span> <code>${escapeHtml(row.password)}</code></p>`
        : `<p class="void">VOID — ${escapeHtml(row.void ?? "")}</p>`;
      return `<section class="slip${row.password ? "" : " voided"}">
  <p class="name">${escapeHtml(row.forename)} ${escapeHtml(row.surname)}</p>
  <p><span>Username</span> <code>${escapeHtml(row.username)}</code></p>
  ${secret}
  <p class="meta">${escapeHtml(row.group)}${row.dayOfBirth ? ` · day of birth ${escapeHtml(row.dayOfBirth)}` : ""} · generated ${escapeHtml(when(row.generatedAt))}</p>
</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Temporary passwords — ${escapeHtml(report.groups.join(", "))}</title>
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
  @media print { body { margin: 0; } .warning { display: none; } }
</style>
</head>
<body>
<header>
  <h1>Temporary passwords</h1>
  <p>Groups: ${escapeHtml(report.groups.join(", "))}</p>
  <p>Generated ${escapeHtml(when(report.generatedAt))} · retrieved ${escapeHtml(when(report.retrievedAt))} · ${report.rows.length} users</p>
  <p class="warning">This report can be retrieved only once. Print it now (Ctrl-P), store it securely, hand the slips
  out and destroy the rest. To reprint, regenerate the passwords: a new list voids this one.</p>
</header>
<main class="slips">
${slips}
</main>
</body>
</html>
`;
}
