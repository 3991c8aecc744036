import type { JobReport } from "../../app/jobs/job-report.js";
import { type Html, html } from "../html.js";
import { localTime } from "./ui.js";

type SlipReport = Extract<JobReport, { kind: "temporary-passwords" | "pupil-pins" }>;
type UnreachableReport = Extract<JobReport, { kind: "reset-emails" | "email-verifications" }>;

/**
 * A one-time report as slips to cut out, laid out for A4 (`@page` A4 and the `.slips` grid of the stylesheet): on
 * every slip the school's name, the person's name and class, their username, the temporary password or PIN, the
 * school's sign-in address and the time it was made in the school's time zone. Void rows say why instead. By class,
 * then surname: ready to hand out class by class.
 */
export function slipsPage(input: {
  report: SlipReport;
  school: string;
  signInUrl: string;
  timeZone: string;
}): Html {
  const { report } = input;
  const pins = report.kind === "pupil-pins";
  const secretLabel = pins ? "PIN" : "Temporary password";
  const classOf = (row: (typeof report.rows)[number]) =>
    ("className" in row ? row.className : undefined) ?? row.group;
  const byClass = [...report.rows].sort(
    (a, b) =>
      classOf(a).localeCompare(classOf(b), "en-GB", { numeric: true }) ||
      a.surname.localeCompare(b.surname, "en-GB") ||
      a.forename.localeCompare(b.forename, "en-GB"),
  );
  const slips = byClass.map(
    (row) =>
      html`<article class="slip"><h2>${input.school}</h2><dl><dt>Name</dt><dd>${row.forename} ${row.surname}</dd><dt>Class</dt><dd>${classOf(row)}</dd><dt>Username</dt><dd>${row.username}</dd><dt>${secretLabel}</dt><dd>${
        row.void
          ? html`<em>${row.void}</em>`
          : html`<code class="secret">${"pin" in row ? row.pin : "password" in row ? row.password : ""}</code>`
      }</dd><dt>Sign in at</dt><dd class="address">${input.signInUrl}</dd><dt>Made</dt><dd>${localTime(
        row.generatedAt,
        input.timeZone,
      )}</dd></dl></article>`,
  );
  const usable = report.rows.filter((r) => !r.void).length;
  return html`<div class="no-print report-head"><div class="warn" role="status"><p>This report has now been retrieved and cannot be opened again. Print it or save it as a PDF before you leave this page.</p></div><p>${
    report.groups.join(", ") || "—"
  }: ${report.rows.length} ${report.rows.length === 1 ? "slip" : "slips"}${
    usable !== report.rows.length ? `, ${report.rows.length - usable} void` : ""
  }. Made ${localTime(report.generatedAt, input.timeZone)}.</p><p class="actions"><button type="button" data-print hidden>Print</button><a href="/console/password-tools">Back to password tools</a></p></div><div class="slips">${slips}</div>`;
}

/** A group-email job's report: how many got the email, and each member who did not, with the reason. */
export function unreachablePage(input: {
  report: UnreachableReport;
  timeZone: string;
  /** The regeneration screen with the job's groups picked. */
  regenerateHref: string;
}): Html {
  const { report } = input;
  return html`<p><strong>${report.emailed}</strong> ${report.emailed === 1 ? "person was" : "people were"} emailed a link (${
    report.groups.join(", ") || "—"
  }, ${localTime(report.generatedAt, input.timeZone)}).</p><h2>Not emailed (${report.rows.length})</h2>${
    report.rows.length === 0
      ? html`<p>Everyone selected was emailed.</p>`
      : html`<table><thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Group</th><th scope="col">Why not</th></tr></thead><tbody>${[
          ...report.rows,
        ]
          .sort(
            (a, b) =>
              a.group.localeCompare(b.group, "en-GB", { numeric: true }) ||
              a.surname.localeCompare(b.surname, "en-GB") ||
              a.forename.localeCompare(b.forename, "en-GB"),
          )
          .map(
            (r) =>
              html`<tr><th scope="row">${r.surname}, ${r.forename}</th><td>${r.username}</td><td>${r.group}</td><td>${r.reason}</td></tr>`,
          )}</tbody></table><p class="hint">Give them a temporary password instead: <a href="${input.regenerateHref}">Regenerate temporary passwords for these groups</a>.</p>`
  }<p class="no-print"><button type="button" data-print hidden>Print</button></p>`;
}
