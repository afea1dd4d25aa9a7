import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BROKER_LABELS } from "@tradecraft/api/constants";
import { Alert, Button, Table } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { formatCount } from "~/lib/format";
import { formFailure } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Import history · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [imports, accounts, profile] = await Promise.all([
    api.imports.list(),
    api.accounts.list({ tradeCounts: false }),
    api.account.profile(),
  ]);
  return { imports, accounts: Object.fromEntries(accounts.map((a) => [a.id, a.name])), timeZone: profile.timeZone };
}

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  try {
    const result = await api.imports.undo({ importId: String(form.get("importId") ?? "") });
    const trades = (n: number) => `${n} trade${n === 1 ? "" : "s"}`;
    const restored = result.restoredTrades
      ? `; ${trades(result.restoredTrades)} it had continued ${result.restoredTrades === 1 ? "is" : "are"} back as ${result.restoredTrades === 1 ? "it was" : "they were"} before it`
      : "";
    return Response.json({ ok: true, message: `Import undone: ${trades(result.removedTrades)} removed${restored}.` });
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ok: false, message: data.formError ?? "That import could not be undone." }, { status });
  }
}

export default function ImportHistory() {
  const { imports, accounts, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const [params] = useSearchParams();
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const imported = imports.find((i) => i.id === params.get("imported"));
  // Rows with problems the member chose to leave out of that import.
  const skipped = Math.max(0, Math.trunc(Number(params.get("skipped")) || 0));
  return (
    <div className="tc-stack">
      <p>
        <Link to="/app/journal">← Journal</Link>
      </p>
      <h1>Import history</h1>
      {imported && !result ? (
        <Alert tone="success">
          Imported {imported.fileName}: {formatCount(imported.tradeCount)} trade{imported.tradeCount === 1 ? "" : "s"}{" "}
          from {formatCount(imported.fillCount)} fill{imported.fillCount === 1 ? "" : "s"}.
          {skipped
            ? ` ${skipped.toLocaleString("en-US")} row${skipped === 1 ? "" : "s"} with problems skipped, as you chose.`
            : ""}
        </Alert>
      ) : null}
      {result ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
      <Table
        stackOnPhone
        caption={`Imports, newest first (times in ${timeZone})`}
        rowKey={(i) => i.id}
        rows={imports}
        empty="No imports yet."
        columns={[
          { key: "when", header: "Imported", cell: (i) => when.format(new Date(i.createdAt)) },
          { key: "file", header: "File", cell: (i) => i.fileName },
          { key: "account", header: "Account", cell: (i) => accounts[i.accountId] ?? "" },
          { key: "format", header: "Format", cell: (i) => BROKER_LABELS[i.broker] },
          {
            key: "counts",
            header: "Created",
            cell: (i) =>
              `${formatCount(i.tradeCount)} trade${i.tradeCount === 1 ? "" : "s"}, ${formatCount(i.fillCount)} fill${i.fillCount === 1 ? "" : "s"}`,
          },
          {
            key: "undo",
            header: <span className="tc-visually-hidden">Actions</span>,
            cell: (i) =>
              i.undoneAt ? (
                "undone"
              ) : (
                <Form method="post">
                  <input type="hidden" name="importId" value={i.id} />
                  <Button
                    type="submit"
                    variant="danger"
                    aria-label={`Undo the import of ${i.fileName} from ${when.format(new Date(i.createdAt))}`}
                  >
                    Undo
                  </Button>
                </Form>
              ),
          },
        ]}
      />
    </div>
  );
}
