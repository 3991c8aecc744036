import { isFinished, type Job } from "../../domain/job.js";
import { type Html, html } from "../html.js";
import { csrfField, localTime, withQuery } from "./ui.js";

const typeText: Record<string, string> = {
  "password-regeneration": "Temporary password regeneration",
  "pupil-pins": "Pupil PINs",
  "reset-emails": "Password reset emails",
  "email-verifications": "Email verification requests",
  "roster-import": "Roster import",
};

const statusText: Record<Job["status"], string> = {
  queued: "Waiting to start",
  running: "Running",
  completed: "Finished",
  completed_with_failures: "Finished, with failures",
  failed: "Failed",
};

/** A job page's heading: what kind of job it is. */
export function jobTitle(job: Job): string {
  return typeText[job.type] ?? "Job";
}

/** What a job's progress bar shows, and its script reads (`/console/jobs/{jobId}/progress`). Never a secret. */
export function jobProgress(job: Job): { done: number; total: number; text: string; finished: boolean } {
  const done = job.processed + job.failed;
  const finished = isFinished(job.status);
  const planned = job.planned !== false && (job.total > 0 || finished);
  let text: string;
  if (finished) {
    text = `${statusText[job.status]}: ${job.processed} of ${job.total} done${
      job.failed > 0 ? `, ${job.failed} failed` : ""
    }${job.skipped ? ` (${job.skipped} left alone)` : ""}.`;
  } else if (!planned || job.total === 0) {
    text = "Preparing the list of people…";
  } else {
    text = `${done} of ${job.total} done (${Math.floor((done / Math.max(1, job.total)) * 100)} %).`;
  }
  return { done, total: job.total, text, finished };
}

/** Job types whose report is one-time slips with secrets on them. */
const slipJobs = new Set(["password-regeneration", "pupil-pins"]);

/** Where to go for new slips after a one-time report was retrieved (the same groups, picked again). */
export function againHref(job: Job): string {
  if (job.type === "pupil-pins") return "/console/early-years";
  return withQuery("/console/password-tools/regenerate", {
    groups: (job.groups ?? []).map((g) => g.groupId).join(",") || undefined,
  });
}

function reportSection(job: Job, csrf: string, timeZone: string, retrievedBy?: string): Html {
  const hasReport =
    slipJobs.has(job.type) || job.type === "reset-emails" || job.type === "email-verifications";
  if (!hasReport) return html`<p><a href="/console">Back to the console</a></p>`;
  if (job.report?.status === "retrieved") {
    return html`<div class="warn" role="status"><p>The report was already retrieved${
      job.report.retrievedAt ? ` on ${localTime(job.report.retrievedAt, timeZone)}` : ""
    }${retrievedBy ? ` by ${retrievedBy}` : ""}. It can be opened once only.</p></div><p><a class="button" href="${againHref(job)}">${
      job.type === "pupil-pins" ? "Generate new PINs" : "Regenerate passwords for these groups"
    }</a></p>`;
  }
  const once = slipJobs.has(job.type)
    ? html`<p class="hint">The report can be opened <strong>once</strong>: print it or save it as a PDF when it opens.</p>`
    : html``;
  return html`${once}<form method="post" action="/console/jobs/${job.jobId}/report">${csrfField(
    csrf,
  )}<button type="submit">Open the report</button></form>`;
}

/**
 * A bulk job's page: what it is, its progress bar (filled by the script every 0.8 s from the job's state, so it
 * survives closing and reloading; without script, Refresh), and once finished "Open the report".
 */
export function jobPage(input: { job: Job; csrf: string; timeZone: string; retrievedBy?: string }): Html {
  const { job, timeZone } = input;
  const progress = jobProgress(job);
  const groups = (job.groups ?? []).map((g) => g.name).join(", ");
  const bar = html`<progress id="job-progress" max="${Math.max(1, progress.total)}" value="${progress.done}">${
    progress.done
  } of ${progress.total}</progress><p data-progress-text aria-live="polite">${progress.text}</p>`;
  const live = progress.finished
    ? html`<div class="job-progress"><label for="job-progress">Progress</label>${bar}</div>`
    : html`<div class="job-progress" data-progress="/console/jobs/${job.jobId}/progress"><label for="job-progress">Progress</label>${bar}<p data-no-script><a href="/console/jobs/${job.jobId}">Refresh</a> to see the progress.</p><p class="hint">You can close this page: the job carries on, and its report waits for you here.</p></div>`;
  return html`<dl>${groups ? html`<dt>Groups</dt><dd>${groups}</dd>` : ""}<dt>Started</dt><dd>${localTime(job.createdAt, timeZone)}</dd></dl>${live}${
    job.errors.length > 0
      ? html`<h2>Problems</h2><ul>${job.errors.slice(0, 50).map((e) => html`<li>${e.reason}</li>`)}</ul>`
      : ""
  }<div data-when-done${progress.finished ? "" : " hidden"}>${reportSection(job, input.csrf, timeZone, input.retrievedBy)}</div>`;
}
