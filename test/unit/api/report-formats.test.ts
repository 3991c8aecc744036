import { describe, expect, it } from "vitest";
import { reportCsv, reportHtml } from "../../../lib/api/report-formats.js";
import type { PasswordReport, ReportRow } from "../../../lib/app/temporary-passwords/password-report.js";
import { generatePassword, passwordPolicy } from "../../../lib/domain/password-policy.js";

const generatedAt = "2024-09-02T08:30:00.000Z";
const retrievedAt = "2024-09-02T09:15:00.000Z";

const row = (overrides: Partial<ReportRow> = {}): ReportRow => ({
  generatedAt,
  forename: "Ada",
  surname: "Lovelace",
  username: "alovelace",
  group: "Class 3",
  dayOfBirth: "4",
  password: "Tiger-Plum-42",
  ...overrides,
});

const report = (...rows: ReportRow[]): PasswordReport => ({
  jobId: "job-1",
  generatedAt,
  groups: ["Class 3", "Year 4"],
  retrievedAt,
  rows,
});

const replaced = "Replaced by a newer temporary password: this one no longer works.";

/** Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || record.length) throw new Error("CSV does not end with CRLF");
  return records;
};

describe("reportCsv", () => {
  const header = "Generated,Forename,Surname,Username,Group,Temporary password,Day of birth,Void";

  it("starts with the header line", () => {
    expect(reportCsv(report(row())).split("\r\n")[0]).toBe(header);
  });

  it("writes only the header when there are no rows", () => {
    expect(reportCsv(report())).toBe(`${header}\r\n`);
  });

  it("ends every line, including the last, with CRLF and uses no bare LF", () => {
    const csv = reportCsv(report(row(), row({ username: "cbabbage" })));
    expect(csv).toBe(
      `${header}\r\n` +
        `${generatedAt},Ada,Lovelace,alovelace,Class 3,Tiger-Plum-42,4,\r\n` +
        `${generatedAt},Ada,Lovelace,cbabbage,Class 3,Tiger-Plum-42,4,\r\n`,
    );
    expect(csv.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("quotes fields that hold commas, quotes or line breaks, doubling the quotes", () => {
    const csv = reportCsv(
      report(row({ forename: 'Ada "Countess"', surname: "Lovelace, Byron", group: "Class\n3" })),
    );
    expect(csv).toContain(`,"Ada ""Countess""","Lovelace, Byron",alovelace,"Class\n3",`);
    expect(parseCsv(csv)[1]).toEqual([
      generatedAt,
      'Ada "Countess"',
      "Lovelace, Byron",
      "alovelace",
      "Class\n3",
      "Tiger-Plum-42",
      "4",
      "",
    ]);
  });

  it.each(["=", "+", "-", "@"])("prefixes an apostrophe to a name that starts with %s", (lead) => {
    const csv = reportCsv(report(row({ forename: `${lead}SUM(A1:A9)`, surname: `${lead}Smith` })));
    const fields = parseCsv(csv)[1];
    expect(fields?.[1]).toBe(`'${lead}SUM(A1:A9)`);
    expect(fields?.[2]).toBe(`'${lead}Smith`);
  });

  it("prefixes an apostrophe to a name that starts with a tab or carriage return", () => {
    const fields = parseCsv(reportCsv(report(row({ forename: "\tAda", surname: "\rLovelace" }))))[1];
    expect(fields?.[1]).toBe("'\tAda");
    expect(fields?.[2]).toBe("'\rLovelace");
  });

  it("quotes a formula that holds quotes after prefixing it", () => {
    const csv = reportCsv(report(row({ forename: '=HYPERLINK("http://evil.example","Click")' })));
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click"")",`);
  });

  it("leaves a name with =, +, - or @ after its first character as it is", () => {
    const fields = parseCsv(reportCsv(report(row({ forename: "Mary-Jane", surname: "O+Neil@x=y" }))))[1];
    expect(fields?.[1]).toBe("Mary-Jane");
    expect(fields?.[2]).toBe("O+Neil@x=y");
  });

  it("leaves the password column empty and gives the reason on a void row", () => {
    const csv = reportCsv(report(row({ password: undefined, void: replaced })));
    expect(parseCsv(csv)[1]).toEqual([
      generatedAt,
      "Ada",
      "Lovelace",
      "alovelace",
      "Class 3",
      "",
      "4",
      replaced,
    ]);
  });

  it("leaves the day of birth empty when the row has none", () => {
    const fields = parseCsv(reportCsv(report(row({ dayOfBirth: undefined }))))[1];
    expect(fields?.[6]).toBe("");
  });

  it("writes one record per row, in order", () => {
    const usernames = ["u1", "u2", "u3"];
    const records = parseCsv(reportCsv(report(...usernames.map((username) => row({ username })))));
    expect(records).toHaveLength(4);
    expect(records.slice(1).map((r) => r[3])).toEqual(usernames);
  });
});

describe("reportHtml", () => {
  const slips = (html: string) => html.match(/<section class="slip[^"]*">[\s\S]*?<\/section>/g) ?? [];

  it("has one slip per row", () => {
    const html = reportHtml(report(row(), row({ username: "u2" }), row({ username: "u3" })));
    expect(html.match(/<section class="slip/g)).toHaveLength(3);
    expect(slips(html)).toHaveLength(3);
    expect(html).toContain("3 users");
  });

  it("has no slips when there are no rows", () => {
    const html = reportHtml(report());
    expect(html).not.toContain('<section class="slip');
    expect(html).toContain("0 users");
  });

  it("shows the name, username, group, day of birth and password on a slip", () => {
    const [slip] = slips(reportHtml(report(row())));
    expect(slip).toMatch(/^<section class="slip">/);
    expect(slip).toContain("Ada Lovelace");
    expect(slip).toContain("<code>alovelace</code>");
    expect(slip).toContain("<code>Tiger-Plum-42</code>");
    expect(slip).toContain("Class 3 · day of birth 4 · generated 2024-09-02 08:30 UTC");
  });

  it("escapes markup and quotes in names, usernames, groups and passwords", () => {
    const html = reportHtml(
      report(
        row({
          forename: "<script>alert(1)</script>",
          surname: `O'Brien "Bob" & <b>`,
          username: "<img src=x onerror=alert(1)>",
          group: "<Class>",
          password: `<a"b'c&d>`,
        }),
      ),
    );
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("O&#39;Brien &quot;Bob&quot; &amp; &lt;b&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;Class&gt;");
    expect(html).toContain("<code>&lt;a&quot;b&#39;c&amp;d&gt;</code>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
  });

  it("escapes markup in group names in the title and header", () => {
    const html = reportHtml({ ...report(row()), groups: ["</title><script>x()</script>"] });
    expect(html).toContain("<title>Temporary passwords — &lt;/title&gt;&lt;script&gt;");
    expect(html).toContain("Groups: &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;");
  });

  it("contains no script tag at all, even when names try to inject one", () => {
    const html = reportHtml(
      report(
        row({ forename: "<script>alert(1)</script>", surname: "<SCRIPT src=//evil.example>" }),
        row({ password: undefined, void: "<script>void()</script>" }),
      ),
    );
    expect(html).not.toMatch(/<script/i);
  });

  it("marks a void row as voided, without a password, and gives the reason", () => {
    const html = reportHtml(
      report(row({ username: "kept" }), row({ username: "gone", password: undefined, void: replaced })),
    );
    const [kept, voided] = slips(html);
    expect(kept).toMatch(/^<section class="slip">/);
    expect(voided).toMatch(/^<section class="slip voided">/);
    expect(voided).not.toContain("Tiger-Plum-42");
    expect(voided).not.toContain('class="password"');
    expect(voided).toContain(`VOID — ${replaced}`);
    expect(html.match(/Tiger-Plum-42/g)).toHaveLength(1);
  });

  it("never prints a full date of birth, only the day the row carries", () => {
    // A row is typed without the full date; even if one slipped in, only whitelisted fields are printed.
    const leaky = { ...row({ dayOfBirth: "4" }), dateOfBirth: "2012-03-04" };
    const html = reportHtml(report(leaky));
    expect(html).toContain("day of birth 4");
    expect(html).not.toContain("2012-03-04");
    expect(html).not.toContain("2012");
    const dates = new Set(html.match(/\d{4}-\d{2}-\d{2}/g));
    expect(dates).toEqual(new Set(["2024-09-02"]));
  });

  it("omits the day of birth when the row has none", () => {
    const [slip] = slips(reportHtml(report(row({ dayOfBirth: undefined }))));
    expect(slip).not.toContain("day of birth");
    expect(slip).toContain("Class 3 · generated 2024-09-02 08:30 UTC");
  });

  it("shows when the report was generated and retrieved", () => {
    const html = reportHtml(report(row()));
    expect(html).toContain("Generated 2024-09-02 08:30 UTC · retrieved 2024-09-02 09:15 UTC · 1 users");
  });

  it("loads no external resources", () => {
    const html = reportHtml(report(row()));
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
  });
});

describe("reportCsv and reportHtml", () => {
  it("never print a full date of birth", () => {
    const leaky = { ...row(), dateOfBirth: "2012-03-04" };
    expect(reportCsv(report(leaky))).not.toContain("2012-03-04");
    expect(reportHtml(report(leaky))).not.toContain("2012-03-04");
  });
});

describe("passwords in the CSV report", () => {
  it("are never prefixed, because no policy can generate a leading formula character", () => {
    const policy = passwordPolicy.parse({
      form: "characters",
      length: 12,
      classes: ["lower", "upper", "digits", "symbols"],
      excludeLookAlikes: true,
    });
    for (let i = 0; i < 2000; i++) expect(generatePassword(policy)).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("pupil PIN slips", () => {
  const slips = {
    kind: "pupil-pins" as const,
    jobId: "job-2",
    generatedAt,
    retrievedAt,
    groups: ["Robins"],
    rows: [
      {
        generatedAt,
        forename: "Ada",
        surname: "Lovelace",
        username: "ada",
        group: "Robins",
        pin: "04821937",
      },
      { generatedAt, forename: "=cmd", surname: "X", username: "x", group: "Robins", void: "Changed since." },
    ],
  };

  it("print a PIN on each slip, titled as PINs, with no password wording", () => {
    const html = reportHtml(slips);
    expect(html).toContain("<h1>Early-years PINs</h1>");
    expect(html).toContain("<span>PIN</span> <code>04821937</code>");
    expect(html).toContain("VOID — Changed since.");
    expect(html).not.toContain("Temporary password");
  });

  it("put the PIN, exactly as generated, in a PIN column of the CSV, escaping formula-like names", () => {
    const [header, first, second] = parseCsv(reportCsv(slips));
    expect(header).toEqual(["Generated", "Forename", "Surname", "Username", "Group", "PIN", "Void"]);
    expect(first?.[5]).toBe("04821937");
    expect(second?.[1]).toBe("'=cmd");
  });
});

describe("the printable slips for a school", () => {
  it("print on A4 with the school's name on every slip, the pupil's class, and times in the school's zone", () => {
    const summer = { ...row({ className: "Year 4 Oak" }), generatedAt: "2024-07-02T08:30:00.000Z" };
    const html = reportHtml(report(summer, row({ username: "u2" })), {
      name: "Oakfield Primary",
      timeZone: "Europe/London",
    });
    expect(html).toContain("@page { size: A4");
    expect(html).toContain("<h1>Oakfield Primary: Temporary passwords</h1>");
    const [first, second] = html.match(/<section class="slip[\s\S]*?<\/section>/g) ?? [];
    expect(first).toContain("Oakfield Primary · Year 4 Oak");
    expect(first).toContain("2 Jul 2024, 09:30 BST");
    expect(second).toContain("Oakfield Primary · Class 3");
    expect(second).toContain("2 Sept 2024, 09:30 BST");
  });

  it("without a school says UTC, as before", () => {
    expect(reportHtml(report(row()))).toContain("2024-09-02 08:30 UTC");
  });
});
