// The rows an import preview refused, as a CSV the member downloads to fix the file.

export interface ProblemRow {
  line: number;
  column?: string;
  message: string;
}

// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet shows the text
// instead of running it as a formula (a problem message quotes the file's own text).
const cell = (value: string) => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** "line,column,problem" and one row a problem, CRLF line ends (what spreadsheets expect). */
export function problemsCsv(rows: ProblemRow[]): string {
  return ["line,column,problem", ...rows.map((r) => [String(r.line), cell(r.column ?? ""), cell(r.message)].join(","))]
    .join("\r\n")
    .concat("\r\n");
}

/** A link target that downloads `problemsCsv(rows)` without another request (works without JavaScript). */
export function problemsCsvHref(rows: ProblemRow[]): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(problemsCsv(rows))}`;
}
