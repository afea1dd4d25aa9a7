import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ASSET_CLASSES, BROKER_LABELS, BROKERS } from "@tradecraft/api/constants";
import { Button, Card, ErrorSummary, SelectField, TextAreaField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { localDateTime } from "~/lib/journal.server";
import { TRADE_FIELD_IDS } from "~/lib/trade-form";
import { tradeFormValues } from "~/lib/trade-form.server";

export const meta: MetaFunction = () => [{ title: "Add a trade · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const [accounts, setups, profile] = await Promise.all([
    api.accounts.list({ tradeCounts: false }),
    api.setups.list({ tradeCounts: false }),
    api.account.profile(),
  ]);
  return { accounts, setups, timeZone: profile.timeZone };
}

// A refused form comes back with what was typed (passwords aside), so it works without script too.
type ActionData = FormFailure & { intent: string; values: Partial<Record<string, string>> };

const ACCOUNT_FIELD_IDS = { name: "name", broker: "broker", currency: "currency", startingBalance: "startingBalance" };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  try {
    if (intent === "account") {
      await api.accounts.create({
        name: text("name"),
        broker: (text("broker") || "generic") as never,
        currency: text("currency") || "USD",
        startingBalance: text("startingBalance") || null,
      });
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
      tags: text("tags")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      notes: String(form.get("notes") ?? ""),
      rating: text("rating") ? Number(text("rating")) : null,
      emotions: text("emotions")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      mistakes: text("mistakes")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      option:
        text("assetClass") === "option"
          ? { expiry: text("optionExpiry"), strike: text("optionStrike"), right: text("optionRight") as never }
          : null,
    });
    return redirect(`/app/journal/${trade.id}`);
  } catch (error) {
    const { data, status } = formFailure(error);
    const values =
      intent === "account"
        ? {
            name: text("name"),
            broker: text("broker"),
            currency: text("currency"),
            startingBalance: text("startingBalance"),
          }
        : { ...tradeFormValues(form), accountId: text("accountId") };
    return Response.json({ ...data, intent, values } satisfies ActionData, { status });
  }
}

export default function NewTrade() {
  const { accounts, setups, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = data?.fieldErrors ?? {};
  const typed = data?.values ?? {};
  if (accounts.length === 0) {
    return (
      <div className="tc-narrow">
        <h1>Add a trade</h1>
        <Card aria-labelledby="account-heading">
          <h2 id="account-heading">First, name your brokerage account</h2>
          <p className="tc-muted">Trades belong to an account; you can have several.</p>
          <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={ACCOUNT_FIELD_IDS} formError={data?.formError} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="account" />
            <TextField
              id="name"
              label="Account name"
              name="name"
              required
              hint="At most 60 characters"
              defaultValue={typed.name}
              error={errors.name}
            />
            <SelectField
              id="broker"
              label="Broker"
              name="broker"
              defaultValue={typed.broker || "generic"}
              options={BROKERS.map((b) => ({ value: b, label: BROKER_LABELS[b] }))}
              error={errors.broker}
            />
            <TextField
              id="currency"
              label="Currency"
              name="currency"
              hint="Three letters, like USD or EUR"
              defaultValue={typed.currency ?? "USD"}
              error={errors.currency}
            />
            <TextField
              id="startingBalance"
              label="Starting balance (optional)"
              name="startingBalance"
              inputMode="decimal"
              defaultValue={typed.startingBalance}
              error={errors.startingBalance}
            />
            <Button type="submit" disabled={busy}>
              Create account
            </Button>
          </Form>
        </Card>
      </div>
    );
  }
  // Every control has its field's name as id: the error summary links to it.
  const field = (name: keyof typeof TRADE_FIELD_IDS & string) => ({
    id: TRADE_FIELD_IDS[name]!,
    name,
    error: errors[name],
  });
  return (
    <div className="tc-narrow">
      <h1>Add a trade</h1>
      <p className="tc-muted">Times are in your time zone, {timeZone}. Leave the exit empty for a trade still open.</p>
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={TRADE_FIELD_IDS} formError={data?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="trade" />
        <SelectField
          label="Account"
          {...field("accountId")}
          defaultValue={typed.accountId}
          options={accounts.map((a) => ({ value: a.id, label: a.name }))}
        />
        <TextField
          label="Symbol"
          {...field("symbol")}
          required
          hint="The underlying, e.g. AAPL or ES; at most 16 characters"
          defaultValue={typed.symbol}
        />
        <SelectField
          label="Asset class"
          {...field("assetClass")}
          defaultValue={typed.assetClass ?? "stock"}
          options={ASSET_CLASSES.map((c) => ({ value: c, label: c }))}
        />
        <SelectField
          label="Direction"
          {...field("direction")}
          defaultValue={typed.direction ?? "long"}
          options={[
            { value: "long", label: "Long" },
            { value: "short", label: "Short" },
          ]}
        />
        <TextField label="Quantity" {...field("quantity")} inputMode="decimal" required defaultValue={typed.quantity} />
        <TextField
          label="Entry price"
          {...field("entryPrice")}
          inputMode="decimal"
          required
          defaultValue={typed.entryPrice}
        />
        <TextField
          label="Entry time"
          {...field("entryAt")}
          type="datetime-local"
          step={1}
          required
          defaultValue={typed.entryAt}
        />
        <TextField label="Exit price" {...field("exitPrice")} inputMode="decimal" defaultValue={typed.exitPrice} />
        <TextField label="Exit time" {...field("exitAt")} type="datetime-local" step={1} defaultValue={typed.exitAt} />
        <TextField
          label="Fees"
          {...field("fees")}
          inputMode="decimal"
          defaultValue={typed.fees ?? "0"}
          hint="Commissions and every other fee, in total"
        />
        <TextField
          label="Stop loss"
          {...field("stopLoss")}
          inputMode="decimal"
          hint="Gives the trade's initial risk and its R multiple"
          defaultValue={typed.stopLoss}
        />
        <TextField label="Take profit" {...field("takeProfit")} inputMode="decimal" defaultValue={typed.takeProfit} />
        <TextField
          label="Multiplier"
          {...field("multiplier")}
          inputMode="decimal"
          hint="Only for a future we don't know; stocks 1, options 100"
          defaultValue={typed.multiplier}
        />
        <TextField
          label="Option expiry"
          id="optionExpiry"
          name="optionExpiry"
          type="date"
          defaultValue={typed.optionExpiry}
          error={errors["option.expiry"] ?? errors.option}
        />
        <TextField
          label="Option strike"
          id="optionStrike"
          name="optionStrike"
          inputMode="decimal"
          defaultValue={typed.optionStrike}
          error={errors["option.strike"]}
        />
        <SelectField
          label="Option right"
          id="optionRight"
          name="optionRight"
          defaultValue={typed.optionRight ?? "call"}
          options={[
            { value: "call", label: "Call" },
            { value: "put", label: "Put" },
          ]}
          error={errors["option.right"]}
        />
        <SelectField
          label="Setup"
          {...field("setupId")}
          defaultValue={typed.setupId ?? ""}
          options={[{ value: "", label: "None" }, ...setups.map((s) => ({ value: s.id, label: s.name }))]}
          hint={<a href="/app/journal/setups">Manage your setups</a>}
        />
        <TextField label="Tags" {...field("tags")} hint="Separated by commas; at most 20" defaultValue={typed.tags} />
        <SelectField
          label="Rating"
          {...field("rating")}
          defaultValue={typed.rating ?? ""}
          options={[
            { value: "", label: "Not rated" },
            ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} of 5` })),
          ]}
        />
        <TextField
          label="Emotions"
          {...field("emotions")}
          hint="Separated by commas; at most 10"
          defaultValue={typed.emotions}
        />
        <TextField
          label="Mistakes"
          {...field("mistakes")}
          hint="What went wrong, e.g. chased, moved stop; separated by commas; at most 10"
          defaultValue={typed.mistakes}
        />
        <TextAreaField
          label="Notes"
          {...field("notes")}
          hint="Markdown; at most 10,000 characters"
          defaultValue={typed.notes}
        />
        <Button type="submit" disabled={busy}>
          Save trade
        </Button>
      </Form>
    </div>
  );
}
