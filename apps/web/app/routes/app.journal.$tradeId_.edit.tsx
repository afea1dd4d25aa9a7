import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ASSET_CLASSES } from "@tradecraft/api/constants";
import { Button, Card, ErrorSummary, SelectField, TextAreaField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { formatPnl, formatPrice, formatQuantity } from "~/lib/format";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { dateTimeLocalValue } from "~/lib/journal.server";
import { orNotFound } from "~/lib/not-found.server";
import { TRADE_FIELD_IDS } from "~/lib/trade-form";
import { tradeChanges, type TradeFormValues, tradeFormValues } from "~/lib/trade-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.trade.symbol ?? "trade"} · Journal · Tradecraft` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [{ trade, fills }, setups, profile] = await Promise.all([
    orNotFound(api.journal.get({ tradeId: params.tradeId ?? "" }), "tradeId"),
    api.setups.list({ tradeCounts: false }),
    api.account.profile(),
  ]);
  // Broker fills decide an imported trade's prices; only what the member adds can change.
  const imported = fills.some((f) => f.executionId !== null);
  // Formatted here: journal.server is server-only, so the component cannot call it (the build refuses).
  const times = {
    entryAt: dateTimeLocalValue(trade.entryAt, profile.timeZone),
    exitAt: dateTimeLocalValue(trade.exitAt, profile.timeZone),
  };
  return { trade, setups, imported, timeZone: profile.timeZone, times };
}

type ActionData = FormFailure & { values: TradeFormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const tradeId = params.tradeId ?? "";
  const form = await request.formData();
  const [{ trade }, { timeZone }] = await Promise.all([
    orNotFound(api.journal.get({ tradeId }), "tradeId"),
    api.account.profile(),
  ]);
  const changes = tradeChanges(form, trade, timeZone);
  if (Object.keys(changes).length === 0) return redirect(`/app/journal/${tradeId}`);
  try {
    await api.journal.update({ tradeId, ...changes } as never);
    return redirect(`/app/journal/${tradeId}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ...data, values: tradeFormValues(form) } satisfies ActionData, { status });
  }
}

export default function EditTrade() {
  const { trade, setups, imported, timeZone, times } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = data?.fieldErrors ?? {};
  // After a refusal, the form shows what was typed, not what is stored.
  const typed = data?.values ?? {};
  const value = (name: keyof TradeFormValues, stored: string | number | null | undefined) =>
    typed[name] ?? (stored == null ? "" : String(stored));
  return (
    <div className="tc-narrow">
      <p>
        <Link to={`/app/journal/${trade.id}`}>← Back to the trade</Link>
      </p>
      <h1>
        Edit {trade.symbol} · {trade.direction}
      </h1>
      <p className="tc-muted">
        Times are in your time zone, {timeZone}. Changing a price, the quantity, a time or the fees recomputes the
        P&amp;L.
      </p>
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={TRADE_FIELD_IDS} formError={data?.formError} />
      <Form method="post" noValidate>
        {imported ? (
          <Card aria-labelledby="imported-heading">
            <h2 id="imported-heading">From your broker</h2>
            <p className="tc-muted">
              This trade was imported: its quantity, prices, times and fees come from its fills (
              {formatQuantity(trade.quantity)} at {formatPrice(trade.entryPrice, trade)}
              {trade.exitPrice ? ` → ${formatPrice(trade.exitPrice, trade)}` : ", still open"}). Undo the import to
              change them, or type its P&amp;L below.
            </p>
          </Card>
        ) : (
          <fieldset className="tc-fieldset">
            <legend>The trade</legend>
            <TextField
              label="Symbol"
              id="symbol"
              name="symbol"
              required
              hint="At most 16 characters"
              defaultValue={value("symbol", trade.symbol)}
              error={errors.symbol}
            />
            <SelectField
              label="Asset class"
              id="assetClass"
              name="assetClass"
              defaultValue={value("assetClass", trade.assetClass)}
              options={ASSET_CLASSES.map((c) => ({ value: c, label: c }))}
              error={errors.assetClass}
            />
            <SelectField
              label="Direction"
              id="direction"
              name="direction"
              defaultValue={value("direction", trade.direction)}
              options={[
                { value: "long", label: "Long" },
                { value: "short", label: "Short" },
              ]}
              error={errors.direction}
            />
            <TextField
              label="Quantity"
              id="quantity"
              name="quantity"
              inputMode="decimal"
              required
              defaultValue={value("quantity", trade.quantity)}
              error={errors.quantity}
            />
            <TextField
              label="Entry price"
              id="entryPrice"
              name="entryPrice"
              inputMode="decimal"
              required
              defaultValue={value("entryPrice", trade.entryPrice)}
              error={errors.entryPrice}
            />
            <TextField
              label="Entry time"
              id="entryAt"
              name="entryAt"
              type="datetime-local"
              step={1}
              required
              defaultValue={value("entryAt", times.entryAt)}
              error={errors.entryAt}
            />
            <TextField
              label="Exit price"
              id="exitPrice"
              name="exitPrice"
              inputMode="decimal"
              hint="Empty for a trade still open"
              defaultValue={value("exitPrice", trade.exitPrice)}
              error={errors.exitPrice}
            />
            <TextField
              label="Exit time"
              id="exitAt"
              name="exitAt"
              type="datetime-local"
              step={1}
              defaultValue={value("exitAt", times.exitAt)}
              error={errors.exitAt}
            />
            <TextField
              label="Fees"
              id="fees"
              name="fees"
              inputMode="decimal"
              hint="Commissions and every other fee, in total"
              defaultValue={value("fees", trade.fees)}
              error={errors.fees}
            />
            <TextField
              label="Multiplier"
              id="multiplier"
              name="multiplier"
              inputMode="decimal"
              hint="Point value: stocks 1, options 100"
              defaultValue={value("multiplier", trade.multiplier)}
              error={errors.multiplier}
            />
            <TextField
              label="Option expiry"
              id="optionExpiry"
              name="optionExpiry"
              type="date"
              defaultValue={value("optionExpiry", trade.optionExpiry)}
              error={errors["option.expiry"] ?? errors.option}
            />
            <TextField
              label="Option strike"
              id="optionStrike"
              name="optionStrike"
              inputMode="decimal"
              defaultValue={value("optionStrike", trade.optionStrike)}
              error={errors["option.strike"]}
            />
            <SelectField
              label="Option right"
              id="optionRight"
              name="optionRight"
              defaultValue={value("optionRight", trade.optionRight ?? "call")}
              options={[
                { value: "call", label: "Call" },
                { value: "put", label: "Put" },
              ]}
              error={errors["option.right"]}
            />
          </fieldset>
        )}
        <fieldset className="tc-fieldset">
          <legend>Risk and result</legend>
          <TextField
            label="Stop loss"
            id="stopLoss"
            name="stopLoss"
            inputMode="decimal"
            hint="Gives the trade's initial risk and its R multiple"
            defaultValue={value("stopLoss", trade.stopLoss)}
            error={errors.stopLoss}
          />
          <TextField
            label="Take profit"
            id="takeProfit"
            name="takeProfit"
            inputMode="decimal"
            defaultValue={value("takeProfit", trade.takeProfit)}
            error={errors.takeProfit}
          />
          <TextField
            label="Net P&L override"
            id="netPnlOverride"
            name="netPnlOverride"
            inputMode="decimal"
            hint={`Leave empty to compute it from the prices${trade.pnlOverride ? "" : ` (now ${formatPnl(trade.netPnl)})`}; a typed P&L is marked as an override.`}
            defaultValue={value("netPnlOverride", trade.pnlOverride ? trade.netPnl : null)}
            error={errors.netPnlOverride}
          />
        </fieldset>
        <fieldset className="tc-fieldset">
          <legend>Your notes</legend>
          <SelectField
            label="Setup"
            id="setupId"
            name="setupId"
            defaultValue={value("setupId", trade.setupId)}
            options={[{ value: "", label: "None" }, ...setups.map((s) => ({ value: s.id, label: s.name }))]}
            hint={<Link to="/app/journal/setups">Manage your setups</Link>}
            error={errors.setupId}
          />
          <TextField
            label="Tags"
            id="tags"
            name="tags"
            hint="Separated by commas; at most 20"
            defaultValue={value("tags", trade.tags.join(", "))}
            error={errors.tags}
          />
          <SelectField
            label="Rating"
            id="rating"
            name="rating"
            defaultValue={value("rating", trade.rating)}
            options={[
              { value: "", label: "Not rated" },
              ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} of 5` })),
            ]}
            error={errors.rating}
          />
          <TextField
            label="Emotions"
            id="emotions"
            name="emotions"
            hint="Separated by commas; at most 10"
            defaultValue={value("emotions", trade.emotions.join(", "))}
            error={errors.emotions}
          />
          <TextField
            label="Mistakes"
            id="mistakes"
            name="mistakes"
            hint="What went wrong, e.g. chased, moved stop; separated by commas; at most 10"
            defaultValue={value("mistakes", trade.mistakes.join(", "))}
            error={errors.mistakes}
          />
          <TextAreaField
            label="Notes"
            id="notes"
            name="notes"
            rows={8}
            hint="Markdown; at most 10,000 characters"
            defaultValue={value("notes", trade.notes)}
            error={errors.notes}
          />
        </fieldset>
        <div className="tc-actions">
          <Button type="submit" disabled={busy}>
            Save changes
          </Button>
          <Link to={`/app/journal/${trade.id}`}>Cancel</Link>
        </div>
      </Form>
      <p>
        <Link to={`/app/journal/${trade.id}?confirm=delete`}>Delete this trade…</Link>
      </p>
    </div>
  );
}
