import { Form } from "@remix-run/react";
import { ASSET_CLASSES } from "@tradecraft/api/constants";
import { Button, SelectField, TextField } from "@tradecraft/ui";
import type { ReactNode } from "react";

const anyOption = (label: string) => ({ value: "", label });
const GRADES = ["A", "B", "C", "D", "F"] as const;

/** The journal's filters as they come from the URL (filtersFromUrl). */
export type TradeFilterValues = Partial<
  Record<
    "from" | "to" | "symbol" | "accountId" | "side" | "outcome" | "assetClass" | "setupId" | "tag" | "grade",
    string
  >
>;

/**
 * The journal's filters as a GET form, the same on every page that takes them (the list, the
 * statistics, the patterns), so a URL carries from one page to the next. `children` adds the
 * page's own hidden fields. On phones the form folds behind a "Filters (n)" disclosure (a
 * <details>, so it opens without script); wider screens show it open. `errors` are the URL's bad
 * values (readFilters), shown beside their fields.
 */
export function TradeFilterForm({
  label,
  filters,
  accounts,
  setups,
  errors = {},
  children,
}: {
  label: string;
  filters: TradeFilterValues;
  accounts: readonly { id: string; name: string }[];
  setups: readonly { id: string; name: string }[];
  errors?: Partial<Record<string, string[]>>;
  children?: ReactNode;
}) {
  const active = Object.values(filters).filter(Boolean).length;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <details className="tc-filters" open={hasErrors || undefined}>
      <summary>{active ? `Filters (${active})` : "Filters"}</summary>
      <Form method="get" className="tc-grid" aria-label={label}>
        <TextField
          label="From"
          name="from"
          type="date"
          defaultValue={filters.from}
          hint="Entry date, in your time zone"
          error={errors.from}
        />
        <TextField label="To" name="to" type="date" defaultValue={filters.to} error={errors.to} />
        <TextField label="Symbol" name="symbol" defaultValue={filters.symbol} error={errors.symbol} />
        <SelectField
          label="Account"
          name="accountId"
          defaultValue={filters.accountId ?? ""}
          error={errors.accountId}
          options={[anyOption("All accounts"), ...accounts.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <SelectField
          label="Side"
          name="side"
          defaultValue={filters.side ?? ""}
          error={errors.side}
          options={[anyOption("Long and short"), { value: "long", label: "Long" }, { value: "short", label: "Short" }]}
        />
        <SelectField
          label="Outcome"
          name="outcome"
          defaultValue={filters.outcome ?? ""}
          error={errors.outcome}
          options={[
            anyOption("Any outcome"),
            { value: "win", label: "Wins" },
            { value: "loss", label: "Losses" },
            { value: "scratch", label: "Scratches" },
          ]}
        />
        <SelectField
          label="Asset class"
          name="assetClass"
          defaultValue={filters.assetClass ?? ""}
          error={errors.assetClass}
          options={[anyOption("Any asset class"), ...ASSET_CLASSES.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Setup"
          name="setupId"
          defaultValue={filters.setupId ?? ""}
          error={errors.setupId}
          options={[anyOption("Any setup"), ...setups.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <TextField label="Tag" name="tag" defaultValue={filters.tag} error={errors.tag} />
        <SelectField
          label="Grade"
          name="grade"
          defaultValue={filters.grade ?? ""}
          error={errors.grade}
          options={[anyOption("Any grade"), ...GRADES.map((g) => ({ value: g, label: g }))]}
        />
        {children}
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </Form>
    </details>
  );
}
