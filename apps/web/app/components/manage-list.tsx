import { Form, Link } from "@remix-run/react";
import { Button, Card } from "@tradecraft/ui";
import type { ReactNode } from "react";

/** "Edit · Delete" for one row of a managed list: links to ?edit=<id> and ?delete=<id>, so they work without JavaScript. */
export function RowActions({ id, name }: { id: string; name: string }) {
  return (
    <>
      <Link to={`?edit=${encodeURIComponent(id)}`} aria-label={`Edit ${name}`}>
        Edit
      </Link>
      {" · "}
      <Link to={`?delete=${encodeURIComponent(id)}`} aria-label={`Delete ${name}`}>
        Delete
      </Link>
    </>
  );
}

/** The confirmation step of a delete: what goes with it, a POST with intent=delete, and a way back. */
export function ConfirmDelete({
  name,
  idField,
  id,
  confirmLabel,
  keepHref,
  busy,
  children,
}: {
  name: string;
  idField: string;
  id: string;
  confirmLabel: string;
  keepHref: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete “{name}”?</h2>
      <p>{children}</p>
      <Form method="post" className="tc-actions">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name={idField} value={id} />
        <Button type="submit" variant="danger" disabled={busy}>
          {confirmLabel}
        </Button>
        <Link to={keepHref}>Keep it</Link>
      </Form>
    </Card>
  );
}
