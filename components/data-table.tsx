import type { ReactNode } from "react";

type TDataTableProps = {
  columns: string[];
  /** Adds a last column for row buttons, named for screen readers only. */
  actions?: boolean;
  caption?: string;
  describedBy?: string;
  testId?: string;
  /** Shown under the table when it has no rows. */
  empty?: ReactNode;
  children: ReactNode;
};

export function DataTable({ columns, actions, caption, describedBy, testId, empty, children }: TDataTableProps) {
  return (
    <div className="table-wrap">
      <table className="table" aria-describedby={describedBy} data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {empty}
    </div>
  );
}
