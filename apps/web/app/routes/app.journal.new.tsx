import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ASSET_CLASSES, BROKER_LABELS, BROKERS } from "@tradecraft/api/constants";
import { Alert, Button, Card, SelectField, TextAreaField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { localDateTime } from "~/lib/journal.server";

export const meta: MetaFunction = () => [{ title: "Add a trade · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [accounts, setups, profile] = await Promise.all([api.accounts.list({ tradeCounts: false }), api.setups.list({ tradeCounts: false }), api.account.profile()]);
  return { accounts, setups, timeZone: profile.timeZone };
}

type ActionData = FormFailure & { intent: string };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  try {
    if (intent === "account") {
      await api.accounts.create({ name: text("name"), broker: (text("broker") || "generic") as never, currency: text("currency") || "USD", startingBalance: text("startingBalance") || null });
      return redirect("/app/journal/new");
    }
    const { timeZone } = await api.account.profile();
    const entryAt = localDateTime(form.get("entryAt"), timeZone);
    const exitAt = localDateTime(form.get("exitAt"), timeZone);
    const optional = (name: string) => text(name) || null;
    const trade = await api.journal.create({
      accountId: text("accountId"),
      symbol: text("symbol"),
      assetClass: (text("assetClass") || "stock") as never,
      direction: text("direction") as never,
      quantity: text("quantity"),
      entryPrice: text("entryPrice"),
      entryAt: (entryAt ?? "") as never,
      exitPrice: optional("exitPrice"),
      exitAt: exitAt === undefined ? ("invalid" as never) : exitAt,
      fees: text("fees") || "0",
      multiplier: optional("multiplier"),
      stopLoss: optional("stopLoss"),
      takeProfit: optional("takeProfit"),
      setupId: optional("setupId"),
      tags: text("tags").split(",").map((t) => t.trim()).filter(Boolean),
      notes: String(form.get("notes") ?? ""),
      rating: text("rating") ? Number(text("rating")) : null,
      emotions: text("emotions").split(",").map((t) => t.trim()).filter(Boolean),
      option:
        text("assetClass") === "option"
          ? { expiry: text("optionExpiry"), strike: text("optionStrike"), right: text("optionRight") as never }
          : null,
    });
    return redirect(`/app/journal/${trade.id}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    return Response.json({ ...data, intent } satisfies ActionData, { status });
  }
}

export default function NewTrade() {
  const { accounts, setups, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = data?.fieldErrors ?? {};
  if (accounts.length === 0) {
    return (
      <div className="tc-narrow">
        <h1>Add a trade</h1>
        <Card aria-labelledby="account-heading">
          <h2 id="account-heading">First, name your brokerage account</h2>
          <p className="tc-muted">Trades belong to an account; you can have several.</p>
          {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="account" />
            <TextField label="Account name" name="name" required maxLength={60} error={errors.name} />
            <SelectField label="Broker" name="broker" defaultValue="generic" options={BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] }))} error={errors.broker} />
            <TextField label="Currency" name="currency" defaultValue="USD" maxLength={3} error={errors.currency} />
            <TextField label="Starting balance (optional)" name="startingBalance" inputMode="decimal" error={errors.startingBalance} />
            <Button type="submit" disabled={busy}>
              Create account
            </Button>
          </Form>
        </Card>
      </div>
    );
  }
  return (
    <div className="tc-narrow">
      <h1>Add a trade</h1>
      <p className="tc-muted">Times are in your time zone, {timeZone}. Leave the exit empty for a trade still open.</p>
      {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="trade" />
        <SelectField label="Account" name="accountId" options={accounts.map((a) => ({ value: a.id, label: a.name }))} error={errors.accountId} />
        <TextField label="Symbol" name="symbol" required maxLength={16} hint="The underlying, e.g. AAPL or ES" error={errors.symbol} />
        <SelectField label="Asset class" name="assetClass" defaultValue="stock" options={ASSET_CLASSES.map((c) => ({ value: c, label: c }))} error={errors.assetClass} />
        <SelectField label="Direction" name="direction" defaultValue="long" options={[{ value: "long", label: "Long" }, { value: "short", label: "Short" }]} error={errors.direction} />
        <TextField label="Quantity" name="quantity" inputMode="decimal" required error={errors.quantity} />
        <TextField label="Entry price" name="entryPrice" inputMode="decimal" required error={errors.entryPrice} />
        <TextField label="Entry time" name="entryAt" type="datetime-local" step={1} required error={errors.entryAt} />
        <TextField label="Exit price" name="exitPrice" inputMode="decimal" error={errors.exitPrice} />
        <TextField label="Exit time" name="exitAt" type="datetime-local" step={1} error={errors.exitAt} />
        <TextField label="Fees" name="fees" inputMode="decimal" defaultValue="0" hint="Commissions and every other fee, in total" error={errors.fees} />
        <TextField label="Stop loss" name="stopLoss" inputMode="decimal" hint="Gives the trade's initial risk and its R multiple" error={errors.stopLoss} />
        <TextField label="Take profit" name="takeProfit" inputMode="decimal" error={errors.takeProfit} />
        <TextField label="Multiplier" name="multiplier" inputMode="decimal" hint="Only for a future we don't know; stocks 1, options 100" error={errors.multiplier} />
        <TextField label="Option expiry" name="optionExpiry" type="date" error={errors["option.expiry"] ?? errors.option} />
        <TextField label="Option strike" name="optionStrike" inputMode="decimal" error={errors["option.strike"]} />
        <SelectField label="Option right" name="optionRight" defaultValue="call" options={[{ value: "call", label: "Call" }, { value: "put", label: "Put" }]} error={errors["option.right"]} />
        <SelectField
          label="Setup"
          name="setupId"
          defaultValue=""
          options={[{ value: "", label: "None" }, ...setups.map((s) => ({ value: s.id, label: s.name }))]}
          hint={<a href="/app/journal/setups">Manage your setups</a>}
          error={errors.setupId}
        />
        <TextField label="Tags" name="tags" hint="Separated by commas; at most 20" error={errors.tags} />
        <SelectField
          label="Rating"
          name="rating"
          defaultValue=""
          options={[{ value: "", label: "Not rated" }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} of 5` }))]}
          error={errors.rating}
        />
        <TextField label="Emotions" name="emotions" hint="Separated by commas; at most 10" error={errors.emotions} />
        <TextAreaField label="Notes" name="notes" maxLength={10000} hint="Markdown; at most 10,000 characters" error={errors.notes} />
        <Button type="submit" disabled={busy}>
          Save trade
        </Button>
      </Form>
    </div>
  );
}
