import { Form } from "@remix-run/react";
import { ASSET_CLASSES } from "@tradecraft/api/constants";
import { Button, SelectField, TextField } from "@tradecraft/ui";
import type { ReactNode } from "react";

const anyOption = (label: string) => ({ value: "", label });
const GRADES = ["A", "B", "C", "D", "F"] as const;

/** The journal's filters as they come from the URL (filtersFromUrl). */
export type TradeFilterValues = Partial<Record<"from" | "to" | "symbol" | "accountId" | "side" | "outcome" | "assetClass" | "setupId" | "tag" | "grade", string>>;

/**
 * The journal's filters as a GET form, the same on every page that takes them (the list, the
 * statistics, the patterns), so a URL carries from one page to the next. `children` adds the
 * page's own hidden fields.
 */
export function TradeFilterForm({
  label,
  filters,
  accounts,
  setups,
  children,
}: {
  label: string;
  filters: TradeFilterValues;
  accounts: readonly { id: string; name: string }[];
  setups: readonly { id: string; name: string }[];
  children?: ReactNode;
}) {
  return (
    <Form method="get" className="tc-grid" aria-label={label}>
      <TextField label="From" name="from" type="date" defaultValue={filters.from} hint="Entry date, in your time zone" />
      <TextField label="To" name="to" type="date" defaultValue={filters.to} />
      <TextField label="Symbol" name="symbol" defaultValue={filters.symbol} />
      <SelectField label="Account" name="accountId" defaultValue={filters.accountId ?? ""} options={[anyOption("All accounts"), ...accounts.map((a) => ({ value: a.id, label: a.name }))]} />
      <SelectField label="Side" name="side" defaultValue={filters.side ?? ""} options={[anyOption("Long and short"), { value: "long", label: "Long" }, { value: "short", label: "Short" }]} />
      <SelectField
        label="Outcome"
        name="outcome"
        defaultValue={filters.outcome ?? ""}
        options={[anyOption("Any outcome"), { value: "win", label: "Wins" }, { value: "loss", label: "Losses" }, { value: "scratch", label: "Scratches" }]}
      />
      <SelectField label="Asset class" name="assetClass" defaultValue={filters.assetClass ?? ""} options={[anyOption("Any asset class"), ...ASSET_CLASSES.map((c) => ({ value: c, label: c }))]} />
      <SelectField label="Setup" name="setupId" defaultValue={filters.setupId ?? ""} options={[anyOption("Any setup"), ...setups.map((s) => ({ value: s.id, label: s.name }))]} />
      <TextField label="Tag" name="tag" defaultValue={filters.tag} />
      <SelectField label="Grade" name="grade" defaultValue={filters.grade ?? ""} options={[anyOption("Any grade"), ...GRADES.map((g) => ({ value: g, label: g }))]} />
      {children}
      <div>
        <Button type="submit">Filter</Button>
      </div>
    </Form>
  );
}
