import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BROKER_LABELS, BROKERS, MAX_IMPORT_BYTES, TRADOVATE_DEFAULT_FEES } from "@tradecraft/api/constants";
import { Alert, Button, Card, SelectField, Table, TextField } from "@tradecraft/ui";
import { ImportProgress } from "~/components/import-progress";
import { Pnl } from "~/components/pnl";
import { requireUser } from "~/lib/auth.server";
import { formatCount, formatQuantity } from "~/lib/format";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { problemsCsvHref } from "~/lib/import-problems";
import { timeZoneOptions } from "~/lib/time-zones.server";
import { zoneLabel } from "~/components/time-zone";

export const meta: MetaFunction = () => [{ title: "Import a broker file · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [accounts, profile] = await Promise.all([api.accounts.list({ tradeCounts: false }), api.account.profile()]);
  // An account just created on this page is the one chosen.
  const chosen = new URL(request.url).searchParams.get("account");
  return {
    accounts,
    chosenAccountId: accounts.some((a) => a.id === chosen) ? chosen : null,
    timeZone: profile.timeZone,
    timeZones: timeZoneOptions(profile.timeZone),
  };
}

type Preview = Awaited<ReturnType<Awaited<ReturnType<typeof requireUser>>["api"]["imports"]["preview"]>>;
interface CarriedInput {
  accountId: string;
  broker: string;
  fileName: string;
  /** The zone the member chose for the file's times; "" for the broker's (else their own). */
  fileTimeZone: string;
  content: string;
  fees: string;
  /** "LBR=27.5, …": point values the member gave for futures roots our table lacks. */
  pointValues: string;
  /** The id the page follows the commit's progress by (imports.progress). */
  progressId: string;
}
type AccountValues = { name: string; broker: string; currency: string; startingBalance: string };
type ActionData =
  | { step: "preview"; preview: Preview; input: CarriedInput }
  | { step: "error"; message: string }
  | ({ step: "account"; values: AccountValues } & FormFailure);

async function readForm(request: Request) {
  // The file arrives as a multipart upload (preview) or as the text the preview carried (pages,
  // commit: multipart too, so 10 MB of CSV is not percent-encoded to 30).
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

/**
 * The point values carried from earlier previews, with the ones typed now (`pointValue.LBR`
 * fields) over them; a commit takes only the carried ones, which the member saw previewed.
 */
function pointValuesOf(form: FormData): string {
  const values = { ...parseFeeTable(String(form.get("pointValues") ?? "").slice(0, 2000)) };
  if (form.get("intent") === "commit") return String(form.get("pointValues") ?? "").slice(0, 2000);
  for (const [name, value] of form.entries()) {
    const root = /^pointValue\.([A-Z0-9]{1,8})$/.exec(name)?.[1];
    if (root && typeof value === "string" && value.trim()) values[root] = value.trim();
  }
  return Object.entries(values)
    .map(([root, value]) => `${root}=${value}`)
    .join(", ");
}

/** A whole number a form sent, or undefined (the procedure bounds it). */
const wholeNumber = (value: FormDataEntryValue | null) => {
  const n = Number(value);
  return value !== null && value !== "" && Number.isInteger(n) ? n : undefined;
};

async function createAccount(api: Awaited<ReturnType<typeof requireUser>>["api"], form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const values = {
    name: text("name"),
    broker: text("broker") || "generic",
    currency: text("currency") || "USD",
    startingBalance: text("startingBalance"),
  };
  try {
    const account = await api.accounts.create({
      ...values,
      broker: values.broker as never,
      startingBalance: values.startingBalance || null,
    });
    return redirect(`/app/journal/import?account=${account.id}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ step: "account", values, ...data } satisfies ActionData, { status });
  }
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
  if (form.get("intent") === "createAccount") return createAccount(api, form);
  const file = form.get("file");
  const content = file instanceof File ? await file.text() : String(form.get("content") ?? "");
  const input = {
    accountId: String(form.get("accountId") ?? ""),
    broker: String(form.get("broker") ?? ""),
    fileName: file instanceof File ? file.name || "upload.csv" : String(form.get("fileName") ?? "upload.csv"),
    fileTimeZone: String(form.get("fileTimeZone") ?? "").slice(0, 100),
    content,
    fees: String(form.get("fees") ?? "").slice(0, 2000),
    pointValues: pointValuesOf(form),
    progressId: crypto.randomUUID(),
  };
  if (!content.trim())
    return Response.json({ step: "error", message: "Choose a CSV file to import." } satisfies ActionData, {
      status: 400,
    });
  const { fees, pointValues, fileTimeZone, progressId: _, ...rest } = input;
  const call = {
    ...rest,
    fileTimeZone: fileTimeZone || undefined,
    broker: (input.broker || undefined) as never,
    feesPerContract: parseFeeTable(fees),
    pointValues: parseFeeTable(pointValues),
  };
  try {
    if (form.get("intent") === "commit") {
      const result = await api.imports.commit({
        ...call,
        skipRowsWithProblems: wholeNumber(form.get("skipRowsWithProblems")),
        progressId: uuidOf(form.get("progressId")),
      });
      const skipped = result.skippedRows ? `&skipped=${result.skippedRows}` : "";
      return redirect(`/app/journal/imports?imported=${result.importId}${skipped}`);
    }
    const preview = await api.imports.preview({ ...call, page: wholeNumber(form.get("page")) ?? 1 });
    return Response.json({ step: "preview", preview, input } satisfies ActionData);
  } catch (error) {
    const { data, status } = formFailure(error);
    const message = data.formError ?? Object.values(data.fieldErrors).flat().join(" ");
    return Response.json({ step: "error", message } satisfies ActionData, { status });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The progress id the preview gave, when the form still carries a well-formed one. */
const uuidOf = (value: FormDataEntryValue | null) =>
  typeof value === "string" && UUID.test(value) ? value : undefined;

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

const CARRIED_FORM = "import-carried";

/**
 * The file the preview read, carried to the next request. One form holds it, once: the page,
 * point-value and import buttons elsewhere on the page submit it (their `form` attribute), each
 * adding its own name and value, so a 10 MB file is not written into the page once per button.
 */
function CarriedForm({ input, skipRowsWithProblems }: { input: CarriedInput; skipRowsWithProblems: number }) {
  return (
    <Form id={CARRIED_FORM} method="post" encType="multipart/form-data">
      <input type="hidden" name="accountId" value={input.accountId} />
      <input type="hidden" name="broker" value={input.broker} />
      <input type="hidden" name="fileName" value={input.fileName} />
      <input type="hidden" name="fileTimeZone" value={input.fileTimeZone} />
      <input type="hidden" name="content" value={input.content} />
      <input type="hidden" name="fees" value={input.fees} />
      <input type="hidden" name="pointValues" value={input.pointValues} />
      <input type="hidden" name="progressId" value={input.progressId} />
      {skipRowsWithProblems ? <input type="hidden" name="skipRowsWithProblems" value={skipRowsWithProblems} /> : null}
    </Form>
  );
}

function AccountForm({ data, busy, first }: { data: ActionData | undefined; busy: boolean; first: boolean }) {
  const failed = data?.step === "account" ? data : null;
  const errors = failed?.fieldErrors ?? {};
  return (
    <Form method="post" noValidate className="tc-narrow">
      <input type="hidden" name="intent" value="createAccount" />
      {failed?.formError ? <Alert tone="error">{failed.formError}</Alert> : null}
      <TextField
        label="Account name"
        name="name"
        required
        maxLength={60}
        defaultValue={failed?.values.name}
        error={errors.name}
      />
      <SelectField
        label="Broker"
        name="broker"
        defaultValue={failed?.values.broker ?? "generic"}
        options={BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] }))}
        error={errors.broker}
      />
      <TextField
        label="Currency"
        name="currency"
        defaultValue={failed?.values.currency ?? "USD"}
        maxLength={3}
        error={errors.currency}
      />
      <TextField
        label="Starting balance (optional)"
        name="startingBalance"
        inputMode="decimal"
        defaultValue={failed?.values.startingBalance}
        error={errors.startingBalance}
      />
      <Button type="submit" disabled={busy}>
        {first ? "Create the account" : "Add the account"}
      </Button>
    </Form>
  );
}

function PreviewCard({
  preview,
  input,
  busy,
  committing,
  currency,
  timeZone,
}: {
  preview: Preview;
  input: CarriedInput;
  busy: boolean;
  committing: boolean;
  currency: string;
  timeZone: string;
}) {
  const problems = preview.errors.length;
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const unknownBasis = preview.trades.some((t) => t.costBasisUnknown);
  return (
    <Card aria-labelledby="preview-heading">
      <h2 id="preview-heading">2. Check and import</h2>
      <CarriedForm input={input} skipRowsWithProblems={problems} />
      <p>
        {BROKER_LABELS[preview.broker as keyof typeof BROKER_LABELS]} · {plural(preview.fills, "new fill")} ·{" "}
        {plural(preview.tradeCount, "trade")} · {formatCount(preview.duplicates.length)} already imported (skipped) ·{" "}
        {formatCount(preview.skipped)} other rows skipped
        {problems ? ` · ${plural(problems, "row")} with problems` : ""}
      </p>
      <p className="tc-muted">
        The file&apos;s times were read in {zoneLabel(preview.fileTimeZone)}
        {input.fileTimeZone ? " (your choice)" : ""}.
      </p>
      {unknownBasis ? (
        <Alert tone="info">
          Some trades sell or cover a position this file never opened and your journal does not hold: it was opened
          before this import. They are imported as “opened before this import”, with no P&amp;L and left out of your
          statistics until you give their cost basis on the trade&apos;s page. None is taken for a short.
        </Alert>
      ) : null}
      {problems ? (
        <>
          <Alert tone="error">
            {problems === 1 ? "1 row has a problem" : `${formatCount(problems)} rows have problems`}. Fix the file and
            preview it again, or import the other rows and skip {problems === 1 ? "it" : "them"}: nothing is imported
            until you choose.
          </Alert>
          <Table
            caption={
              problems > 100 ? `Rows with problems (the first 100 of ${formatCount(problems)})` : "Rows with problems"
            }
            rowKey={(e) => `${e.line}-${e.column ?? ""}-${e.message}`}
            rows={preview.errors.slice(0, 100)}
            columns={[
              { key: "line", header: "Line", numeric: true, cell: (e) => e.line },
              { key: "column", header: "Column", cell: (e) => e.column ?? "" },
              { key: "message", header: "Problem", cell: (e) => e.message },
            ]}
          />
          <p>
            <a href={problemsCsvHref(preview.errors)} download={`problems-${input.fileName.replace(/\.\w+$/, "")}.csv`}>
              Download the {plural(problems, "row")} with problems (CSV)
            </a>
          </p>
        </>
      ) : null}
      {preview.warnings.length ? (
        <Table
          caption="Rows set aside or read with an assumption (they do not stop the import)"
          rowKey={(w) => `${w.line}-${w.column ?? ""}-${w.message}`}
          rows={preview.warnings.slice(0, 200)}
          columns={[
            { key: "line", header: "Line", numeric: true, cell: (w) => w.line },
            { key: "column", header: "Column", cell: (w) => w.column ?? "" },
            { key: "message", header: "What we did", cell: (w) => w.message },
          ]}
        />
      ) : null}
      {preview.unknownFuturesRoots.length ? (
        <div className="tc-narrow" role="group" aria-labelledby="point-values-heading">
          <h3 id="point-values-heading">Point values we don&apos;t know</h3>
          <p>
            Rows of {preview.unknownFuturesRoots.join(", ")} are set aside: without the dollars one point of the price
            is worth, their P&amp;L cannot be computed. Give it (the exchange&apos;s contract specifications say) and we
            remember it for your next imports.
          </p>
          {preview.unknownFuturesRoots.map((root) => (
            <TextField
              key={root}
              form={CARRIED_FORM}
              label={`Point value of ${root} (dollars per 1.0 of its price)`}
              name={`pointValue.${root}`}
              inputMode="decimal"
            />
          ))}
          <Button type="submit" form={CARRIED_FORM} variant="secondary" disabled={busy}>
            Preview again with these point values
          </Button>
        </div>
      ) : null}
      {preview.actions.length ? (
        <Table
          caption="Corporate actions (splits, symbol changes, cash mergers) and options expired, assigned or exercised in this file, and what each did"
          rowKey={(a) => `${a.line}-${a.kind}`}
          rows={preview.actions}
          columns={[
            { key: "line", header: "Line", numeric: true, cell: (a) => a.line },
            { key: "symbol", header: "Symbol", cell: (a) => a.symbol },
            { key: "what", header: "What it did", cell: (a) => a.description },
          ]}
        />
      ) : null}
      {preview.summary.length ? (
        <Table
          caption="By symbol"
          rowKey={(s) => s.symbol}
          rows={preview.summary}
          columns={[
            { key: "symbol", header: "Symbol", cell: (s) => s.symbol },
            { key: "fills", header: "Fills", numeric: true, cell: (s) => formatCount(s.fills) },
            { key: "trades", header: "Trades", numeric: true, cell: (s) => formatCount(s.trades) },
            { key: "closed", header: "Closed", numeric: true, cell: (s) => formatCount(s.closedTrades) },
            {
              key: "pnl",
              header: "Closed P&L",
              numeric: true,
              cell: (s) => (s.closedTrades ? <Pnl value={s.netPnl} currency={currency} /> : "—"),
            },
            {
              key: "open",
              header: "Still open",
              cell: (s) => (s.openPositions.length ? s.openPositions.join(", ") : "—"),
            },
            { key: "events", header: "Events", numeric: true, cell: (s) => formatCount(s.events) },
          ]}
        />
      ) : null}
      {preview.strategies.length ? (
        <Table
          caption="Option strategies (legs opened together, grouped on each leg's page)"
          rowKey={(s) => String(s.key)}
          rows={preview.strategies}
          columns={[
            { key: "underlying", header: "Underlying", cell: (s) => s.underlying },
            { key: "name", header: "Strategy", cell: (s) => s.name },
            { key: "legs", header: "Legs", numeric: true, cell: (s) => formatCount(s.legs) },
          ]}
        />
      ) : null}
      {preview.fills > 0 ? (
        <div className="tc-actions">
          <Button type="submit" form={CARRIED_FORM} name="intent" value="commit" disabled={busy}>
            {problems
              ? `Import ${plural(preview.fills, "fill")}, skip ${plural(problems, "row")} with problems`
              : `Import ${plural(preview.tradeCount, "trade")}`}
          </Button>
        </div>
      ) : null}
      {committing ? <ImportProgress progressId={input.progressId} fills={preview.fills} /> : null}
      <Table
        caption={
          preview.pageCount > 1
            ? `Trades this import creates, ${formatCount((preview.page - 1) * preview.pageSize + 1)}–${formatCount(
                Math.min(preview.page * preview.pageSize, preview.tradeCount),
              )} of ${formatCount(preview.tradeCount)} (times in ${timeZone})`
            : `Trades this import creates (times in ${timeZone})`
        }
        rowKey={(t) => `${t.symbol}-${String(t.entryAt)}-${t.direction}-${t.quantity}`}
        rows={preview.trades}
        empty="Nothing new in this file."
        columns={[
          { key: "opened", header: "Opened", cell: (t) => when.format(new Date(t.entryAt)) },
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
          { key: "qty", header: "Quantity", numeric: true, cell: (t) => formatQuantity(t.quantity) },
          {
            key: "net",
            header: "Net P&L",
            numeric: true,
            cell: (t) =>
              t.costBasisUnknown ? (
                "entry unknown"
              ) : t.netPnl === null ? (
                "open"
              ) : (
                <Pnl value={t.netPnl} currency={currency} />
              ),
          },
        ]}
      />
      {preview.pageCount > 1 ? (
        <nav aria-label="Pages of trades" className="tc-actions">
          {preview.page > 1 ? (
            <Button
              type="submit"
              form={CARRIED_FORM}
              name="page"
              value={preview.page - 1}
              variant="secondary"
              disabled={busy}
            >
              Previous page
            </Button>
          ) : null}
          <span>
            Page {formatCount(preview.page)} of {formatCount(preview.pageCount)}
          </span>
          {preview.page < preview.pageCount ? (
            <Button
              type="submit"
              form={CARRIED_FORM}
              name="page"
              value={preview.page + 1}
              variant="secondary"
              disabled={busy}
            >
              Next page
            </Button>
          ) : null}
        </nav>
      ) : null}
    </Card>
  );
}

export default function ImportFile() {
  const { accounts, chosenAccountId, timeZone, timeZones } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const committing = busy && navigation.formData?.get("intent") === "commit";
  const preview = data?.step === "preview" ? data : null;
  const previewAccount = accounts.find((a) => a.id === preview?.input.accountId);
  if (accounts.length === 0) {
    return (
      <div className="tc-stack">
        <h1>Import a broker file</h1>
        <Card aria-labelledby="account-heading">
          <h2 id="account-heading">1. Name the brokerage account the file is from</h2>
          <p className="tc-muted">
            Imported trades belong to an account; you can add more later. You stay on this page.
          </p>
          <AccountForm data={data} busy={busy} first />
        </Card>
      </div>
    );
  }
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
            defaultValue={preview?.input.accountId ?? chosenAccountId ?? undefined}
            options={accounts.map((a) => ({ value: a.id, label: a.name }))}
          />
          <SelectField
            label="Format"
            name="broker"
            defaultValue={preview?.input.broker ?? ""}
            options={[
              { value: "", label: "Detect from the file" },
              ...BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] })),
            ]}
          />
          <SelectField
            label="Times in the file are in"
            name="fileTimeZone"
            hint="For files whose times name no zone. thinkorswim, Interactive Brokers and Webull write New York time; other files are read in your zone."
            defaultValue={preview?.input.fileTimeZone ?? ""}
            options={[
              { value: "", label: "The broker's zone (New York for US brokers), else yours" },
              ...timeZones.map((zone) => ({ value: zone, label: zoneLabel(zone) })),
            ]}
          />
          <div className="tc-field">
            <label htmlFor="import-file">CSV file (at most 10 MB)</label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.xml,text/csv,text/plain,text/xml,application/xml"
              required
            />
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
        <details open={data?.step === "account"}>
          <summary>The file is from another account: add it</summary>
          <AccountForm data={data} busy={busy} first={false} />
        </details>
      </Card>
      {preview ? (
        <PreviewCard
          preview={preview.preview}
          input={preview.input}
          busy={busy}
          committing={committing}
          currency={previewAccount?.currency ?? "USD"}
          timeZone={timeZone}
        />
      ) : null}
      <p>
        <Link to="/app/journal/imports">Import history</Link>
      </p>
    </div>
  );
}
