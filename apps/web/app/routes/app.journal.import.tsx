import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BROKER_LABELS, BROKERS, MAX_IMPORT_BYTES, TRADOVATE_DEFAULT_FEES } from "@tradecraft/api/constants";
import { Alert, Button, Card, SelectField, Table } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { formFailure } from "~/lib/forms.server";
import { money } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Import a broker file · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const accounts = await api.accounts.list({ tradeCounts: false });
  if (!accounts.length) throw redirect("/app/journal/new");
  return { accounts };
}

type Preview = Awaited<ReturnType<Awaited<ReturnType<typeof requireUser>>["api"]["imports"]["preview"]>>;
type ActionData =
  | {
      step: "preview";
      preview: Preview;
      input: { accountId: string; broker: string; fileName: string; content: string; fees: string };
    }
  | { step: "error"; message: string };

async function readForm(request: Request) {
  // The file arrives as a multipart upload (preview) or as the text the preview carried (commit).
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return request.formData();
  return unstable_parseMultipartFormData(
    request,
    unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
  );
}

const DEFAULT_FEES_TEXT = Object.entries(TRADOVATE_DEFAULT_FEES)
  .map(([root, fee]) => `${root}=${fee}`)
  .join(", ");

/**
 * "MES=0.62, ES=2.25" (commas or new lines) → { MES: "0.62", ES: "2.25" }; the procedure's schema
 * bounds roots and amounts, so a typo comes back as a field error rather than being dropped here.
 */
function parseFeeTable(text: string): Record<string, string> | undefined {
  const entries = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [root = "", fee = ""] = part.split("=").map((p) => p.trim());
      return [root.toUpperCase(), fee] as const;
    });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  let form: FormData;
  try {
    form = await readForm(request);
  } catch {
    return Response.json({ step: "error", message: "The file is larger than 10 MB." } satisfies ActionData, {
      status: 413,
    });
  }
  const file = form.get("file");
  const content = file instanceof File ? await file.text() : String(form.get("content") ?? "");
  const input = {
    accountId: String(form.get("accountId") ?? ""),
    broker: String(form.get("broker") ?? ""),
    fileName: file instanceof File ? file.name || "upload.csv" : String(form.get("fileName") ?? "upload.csv"),
    content,
    fees: String(form.get("fees") ?? "").slice(0, 2000),
  };
  if (!content.trim())
    return Response.json({ step: "error", message: "Choose a CSV file to import." } satisfies ActionData, {
      status: 400,
    });
  const { fees, ...rest } = input;
  const call = { ...rest, broker: (input.broker || undefined) as never, feesPerContract: parseFeeTable(fees) };
  try {
    if (form.get("intent") === "commit") {
      const result = await api.imports.commit(call);
      return redirect(`/app/journal/imports?imported=${result.importId}`);
    }
    const preview = await api.imports.preview(call);
    return Response.json({ step: "preview", preview, input } satisfies ActionData);
  } catch (error) {
    const { data, status } = formFailure(error);
    const message = data.formError ?? Object.values(data.fieldErrors).flat().join(" ");
    return Response.json({ step: "error", message } satisfies ActionData, { status });
  }
}

export default function ImportFile() {
  const { accounts } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const preview = data?.step === "preview" ? data : null;
  return (
    <div className="tc-stack">
      <h1>Import a broker file</h1>
      {data?.step === "error" ? <Alert tone="error">{data.message}</Alert> : null}
      <Card aria-labelledby="upload-heading">
        <h2 id="upload-heading">1. Choose the file</h2>
        <Form method="post" encType="multipart/form-data" className="tc-narrow">
          <input type="hidden" name="intent" value="preview" />
          <SelectField
            label="Account"
            name="accountId"
            options={accounts.map((a) => ({ value: a.id, label: a.name }))}
          />
          <SelectField
            label="Format"
            name="broker"
            defaultValue=""
            options={[
              { value: "", label: "Detect from the file" },
              ...BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] })),
            ]}
          />
          <div className="tc-field">
            <label htmlFor="import-file">CSV file (at most 10 MB)</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv,text/plain" required />
          </div>
          <details>
            <summary>Futures fees per contract (Tradovate files)</summary>
            <div className="tc-field">
              <label htmlFor="import-fees">Fees per contract per side, in the account&apos;s currency</label>
              <textarea
                id="import-fees"
                name="fees"
                rows={3}
                maxLength={2000}
                aria-describedby="import-fees-hint"
                defaultValue={preview?.input.fees ?? ""}
              />
              <p id="import-fees-hint" className="tc-field__hint">
                Tradovate&apos;s files carry no commissions. Write your plan&apos;s, e.g. <code>MES=0.62, ES=2.25</code>
                ; roots you leave out use our estimates: {DEFAULT_FEES_TEXT}.
              </p>
            </div>
          </details>
          <Button type="submit" disabled={busy}>
            Preview the import
          </Button>
        </Form>
      </Card>
      {preview ? (
        <Card aria-labelledby="preview-heading">
          <h2 id="preview-heading">2. Check and import</h2>
          <p>
            {BROKER_LABELS[preview.preview.broker as keyof typeof BROKER_LABELS]} · {preview.preview.fills} new fill
            {preview.preview.fills === 1 ? "" : "s"} · {preview.preview.trades.length} trade
            {preview.preview.trades.length === 1 ? "" : "s"} · {preview.preview.duplicates.length} already imported
            (skipped) · {preview.preview.skipped} other rows skipped
          </p>
          {preview.preview.trades.some((t) => t.costBasisUnknown) ? (
            <Alert tone="info">
              {preview.preview.trades.filter((t) => t.costBasisUnknown).length} trade(s) sell or cover a position this
              file never opened and your journal does not hold: it was opened before this import. They are imported as
              “opened before this import”, with no P&amp;L and left out of your statistics until you give their cost
              basis on the trade&apos;s page. None is taken for a short.
            </Alert>
          ) : null}
          {preview.preview.warnings.length ? (
            <Table
              caption="Rows set aside or read with an assumption (they do not stop the import)"
              rowKey={(w) => `${w.line}-${w.column ?? ""}-${w.message}`}
              rows={preview.preview.warnings.slice(0, 200)}
              columns={[
                { key: "line", header: "Line", cell: (w) => w.line },
                { key: "column", header: "Column", cell: (w) => w.column ?? "" },
                { key: "message", header: "What we did", cell: (w) => w.message },
              ]}
            />
          ) : null}
          {preview.preview.errors.length ? (
            <>
              <Alert tone="error">
                {preview.preview.errors.length} row
                {preview.preview.errors.length === 1 ? " has a problem" : "s have problems"}. Fix the file and preview
                it again: nothing is imported until every row reads.
              </Alert>
              <Table
                caption="Rows with problems"
                rowKey={(e) => `${e.line}-${e.column ?? ""}`}
                rows={preview.preview.errors.slice(0, 200)}
                columns={[
                  { key: "line", header: "Line", cell: (e) => e.line },
                  { key: "column", header: "Column", cell: (e) => e.column ?? "" },
                  { key: "message", header: "Problem", cell: (e) => e.message },
                ]}
              />
            </>
          ) : null}
          {preview.preview.actions.length ? (
            <Table
              caption="Corporate actions (splits, symbol changes, cash mergers) and options expired, assigned or exercised in this file, and what each did"
              rowKey={(a) => `${a.line}-${a.kind}`}
              rows={preview.preview.actions}
              columns={[
                { key: "line", header: "Line", cell: (a) => a.line },
                { key: "symbol", header: "Symbol", cell: (a) => a.symbol },
                { key: "what", header: "What it did", cell: (a) => a.description },
              ]}
            />
          ) : null}
          <Table
            caption="Trades this import creates"
            rowKey={(t) => `${t.symbol}-${String(t.entryAt)}-${t.direction}`}
            rows={preview.preview.trades.slice(0, 500)}
            empty="Nothing new in this file."
            columns={[
              { key: "symbol", header: "Symbol", cell: (t) => t.symbol },
              { key: "side", header: "Side", cell: (t) => t.direction },
              {
                key: "status",
                header: "Status",
                cell: (t) =>
                  t.costBasisUnknown
                    ? `${t.status} (opened before this import)`
                    : t.continuesOpenTrade
                      ? `${t.status} (continues an open trade)`
                      : t.status,
              },
              { key: "qty", header: "Quantity", numeric: true, cell: (t) => t.quantity },
              {
                key: "net",
                header: "Net P&L",
                numeric: true,
                cell: (t) => (t.costBasisUnknown ? "entry unknown" : money(t.netPnl)),
              },
            ]}
          />
          {preview.preview.errors.length === 0 && preview.preview.fills > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="accountId" value={preview.input.accountId} />
              <input type="hidden" name="broker" value={preview.input.broker} />
              <input type="hidden" name="fileName" value={preview.input.fileName} />
              <input type="hidden" name="content" value={preview.input.content} />
              <input type="hidden" name="fees" value={preview.input.fees} />
              <Button type="submit" disabled={busy}>
                Import {preview.preview.trades.length} trade{preview.preview.trades.length === 1 ? "" : "s"}
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
      <p>
        <Link to="/app/journal/imports">Import history</Link>
      </p>
    </div>
  );
}
