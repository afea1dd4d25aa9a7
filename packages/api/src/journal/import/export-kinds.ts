// Files a broker writes that are not the export we read (issue 12): recognised by their first rows,
// they are refused with what they are and which export to make instead.
import type { CsvRecord } from "./csv.ts";

interface WrongExport {
  /** Whether the file is this export. */
  is: (records: CsvRecord[]) => boolean;
  message: string;
}

const firstCells = (records: CsvRecord[], rows = 20) =>
  records.slice(0, rows).map((r) => `${r.fields[0] ?? ""},${r.fields[1] ?? ""}`.toLowerCase());

const WRONG_EXPORTS: WrongExport[] = [
  {
    // An Activity Statement is read by its Trades section (ibkr-layouts.ts); one without it has none.
    is: (records) => firstCells(records).some((c) => c === "statement,header"),
    message:
      "This Interactive Brokers Activity Statement has no Trades section: choose a period with trades (Reports → Statements → Activity), or a Trade Confirmation Flex Query, and import that file.",
  },
  {
    is: (records) => {
      const titles = new Set(
        records
          .filter((r) => r.fields.slice(1).every((f) => !f.trim()))
          .map((r) => (r.fields[0] ?? "").trim().toLowerCase()),
      );
      return titles.has("account order history") && !titles.has("account trade history");
    },
    message:
      'This thinkorswim file has orders but no "Account Trade History": export the whole Account Statement (Monitor → Account Statement → Export to File).',
  },
];

/** What a file is when it is a broker's export we don't read, and which to make instead; null otherwise. */
export function wrongExport(records: CsvRecord[]): string | null {
  return WRONG_EXPORTS.find((w) => w.is(records))?.message ?? null;
}
