import type { ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** A data table with a caption (its accessible name) and right-aligned numeric columns. */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  scrollLabel,
}: {
  caption: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  /** For a table wider than a phone: its scrolling box becomes a named, focusable region so a keyboard can scroll it (WCAG 2.1.1). */
  scrollLabel?: string;
}) {
  return (
    <div className="tc-table-wrap" {...(scrollLabel ? { role: "region", "aria-label": scrollLabel, tabIndex: 0 } : {})}>
      <table className="tc-table">
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
                  <td key={c.key} data-numeric={c.numeric || undefined}>
                    {c.cell(row)}
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
