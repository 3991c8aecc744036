import { parse } from "csv-parse/sync";
import type { RosterInput, RosterSection } from "../domain/roster.js";
import { groupRow, linkRow, userRow } from "../domain/roster.js";

const columns: Record<RosterSection, readonly string[]> = {
  groups: groupRow.keyof().options,
  users: userRow.keyof().options,
  memberships: linkRow.keyof().options,
  classTeachers: linkRow.keyof().options,
};
const lists = new Set(["roles", "permissions", "profiles", "companyExceptions"]);

export class CsvHeaderError extends Error {}

/**
 * Reads one roster section from CSV (the header names the fields; lists are `;`-separated; booleans are
 * true/false/yes/no/1/0; empty cells are absent). Each record keeps its physical line number for error reports.
 */
export function rosterFromCsv(section: RosterSection, text: string): RosterInput {
  const records = parse(text, {
    columns: (header: string[]) => {
      const unknown = header.filter((h) => !columns[section].includes(h));
      if (unknown.length) throw new CsvHeaderError(`Unknown ${section} column(s): ${unknown.join(", ")}`);
      return header;
    },
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];

  return {
    [section]: records.map(({ record, info }) => ({
      line: info.lines,
      value: Object.fromEntries(
        Object.entries(record)
          .filter(([, v]) => v !== "")
          .map(([k, v]) => [k, convert(k, v)]),
      ),
    })),
  };
}

function convert(column: string, value: string): unknown {
  if (lists.has(column))
    return value
      .split(";")
      .map((v) => v.trim())
      .filter(Boolean);
  if (column === "emailVerified") {
    const v = value.toLowerCase();
    if (["true", "yes", "1"].includes(v)) return true;
    if (["false", "no", "0"].includes(v)) return false;
  }
  return value;
}
