import type { ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** The column's name where `stackOnPhone` writes it beside each value; defaults to a text header. */
  label?: string;
}

/** A data table with a caption (its accessible name) and right-aligned numeric columns. */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  scrollLabel,
  stackOnPhone = false,
}: {
  caption: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  /** For a table wider than a phone: its scrolling box becomes a named, focusable region so a keyboard can scroll it (WCAG 2.1.1). */
  scrollLabel?: string;
  /**
   * On a phone, each row becomes a block of "column: value" lines instead of a table wider than
   * the screen (lists whose columns are facts about one thing: users, imports, audit entries).
   */
  stackOnPhone?: boolean;
}) {
  const labelOf = (c: Column<Row>) => c.label ?? (typeof c.header === "string" ? c.header : undefined);
  return (
    <div className="tc-table-wrap" {...(scrollLabel ? { role: "region", "aria-label": scrollLabel, tabIndex: 0 } : {})}>
      <table className={stackOnPhone ? "tc-table tc-table--stack" : "tc-table"}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" data-numeric={c.numeric || undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="tc-muted">
                {empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    data-numeric={c.numeric || undefined}
                    data-label={stackOnPhone ? labelOf(c) : undefined}
                  >
                    {/* One box beside the label, whatever the cell holds ("Edit · Delete" is three nodes). */}
                    {stackOnPhone ? <div>{c.cell(row)}</div> : c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
