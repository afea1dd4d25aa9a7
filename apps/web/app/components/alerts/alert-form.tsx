import { Form, Link } from "@remix-run/react";
import { Button, SelectField, TextField } from "@tradecraft/ui";
import { useEffect, useState } from "react";

export const CONDITION_OPTIONS = [
  { value: "crossing_up", label: "Crossing up" },
  { value: "crossing_down", label: "Crossing down" },
  { value: "crossing", label: "Crossing (either way)" },
  { value: "above", label: "Greater than" },
  { value: "below", label: "Less than" },
  { value: "moving_up", label: "Moving up" },
  { value: "moving_down", label: "Moving down" },
];

export const FREQUENCY_OPTIONS = [
  { value: "only_once", label: "Only once (then it stops)" },
  { value: "once_per_minute", label: "At most once a minute" },
  { value: "once_per_day", label: "At most once a day" },
];

/** What the form shows: typed text after a refusal, an alert's values when editing, blanks otherwise. */
export interface AlertFormValues {
  symbol: string;
  type: string;
  level: string;
  amount: string;
  unit: string;
  window: string;
  minutes: string;
  frequency: string;
  message: string;
  expiresAt: string;
}

export const EMPTY_ALERT_FORM: AlertFormValues = {
  symbol: "",
  type: "crossing_up",
  level: "",
  amount: "",
  unit: "percent",
  window: "minutes",
  minutes: "60",
  frequency: "only_once",
  message: "",
  expiresAt: "",
};

const isMoving = (type: string) => type === "moving_up" || type === "moving_down";

/**
 * The alert form. Without JavaScript every field shows (the level is for level conditions, the
 * move for moving ones, as their hints say); with it, only the fields of the chosen condition.
 */
export function AlertForm({
  values,
  errors,
  alertId,
  busy,
  timeZone,
}: {
  values: AlertFormValues;
  errors: Record<string, string[] | undefined>;
  alertId?: string;
  busy: boolean;
  timeZone: string;
}) {
  const [type, setType] = useState(values.type);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const showLevel = !enhanced || !isMoving(type);
  const showMove = !enhanced || isMoving(type);
  return (
    <Form method="post" noValidate className="tc-alert-form">
      <input type="hidden" name="intent" value={alertId ? "update" : "create"} />
      {alertId ? <input type="hidden" name="alertId" value={alertId} /> : null}
      <div className="tc-alert-form__row">
        <TextField
          id="alert-symbol"
          name="symbol"
          label="Symbol"
          required
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          hint="A stock, ETF, future or crypto, e.g. AAPL or BTC"
          defaultValue={values.symbol}
          error={errors.symbol}
        />
        <SelectField
          id="alert-type"
          name="type"
          label="Condition"
          options={CONDITION_OPTIONS}
          defaultValue={values.type}
          onChange={(e) => setType(e.currentTarget.value)}
          error={errors.condition}
        />
      </div>
      {showLevel ? (
        <TextField
          id="alert-level"
          name="level"
          label="Price level"
          inputMode="decimal"
          autoComplete="off"
          hint={enhanced ? undefined : "For crossing, greater than and less than"}
          defaultValue={values.level}
          error={errors["condition.level"]}
        />
      ) : null}
      {showMove ? (
        <fieldset className="tc-alert-form__move">
          <legend>Move{enhanced ? "" : " (for moving up or down)"}</legend>
          <div className="tc-alert-form__row">
            <TextField
              id="alert-amount"
              name="amount"
              label="By"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={values.amount}
              error={errors["condition.amount"]}
            />
            <SelectField
              id="alert-unit"
              name="unit"
              label="Unit"
              options={[
                { value: "percent", label: "percent" },
                { value: "dollars", label: "dollars" },
              ]}
              defaultValue={values.unit}
              error={errors["condition.unit"]}
            />
            <SelectField
              id="alert-window"
              name="window"
              label="Within"
              options={[
                { value: "minutes", label: "a number of minutes" },
                { value: "session", label: "the session" },
              ]}
              defaultValue={values.window}
              error={errors["condition.window"]}
            />
            <TextField
              id="alert-minutes"
              name="minutes"
              label="Minutes"
              inputMode="numeric"
              autoComplete="off"
              hint="1 to 1440"
              defaultValue={values.minutes}
              error={errors["condition.window.minutes"]}
            />
          </div>
        </fieldset>
      ) : null}
      <div className="tc-alert-form__row">
        <SelectField
          id="alert-frequency"
          name="frequency"
          label="How often"
          options={FREQUENCY_OPTIONS}
          defaultValue={values.frequency}
          error={errors.frequency}
        />
        <TextField
          id="alert-expires"
          name="expiresAt"
          type="datetime-local"
          label="Expires (optional)"
          hint={`In your time zone, ${timeZone}`}
          defaultValue={values.expiresAt}
          error={errors.expiresAt}
        />
      </div>
      <TextField
        id="alert-message"
        name="message"
        label="Message (optional)"
        maxLength={500}
        hint="{{symbol}}, {{price}} and {{condition}} are filled in when it fires"
        placeholder="{{symbol}} {{condition}}: now {{price}}"
        defaultValue={values.message}
        error={errors.message}
      />
      <div className="tc-actions">
        <Button type="submit" disabled={busy}>
          {alertId ? "Save and arm again" : "Create alert"}
        </Button>
        {alertId ? <Link to="/app/alerts">Cancel</Link> : null}
      </div>
    </Form>
  );
}
