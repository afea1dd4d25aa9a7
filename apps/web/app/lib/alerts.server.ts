// The alerts form as procedure input: what the fields say, shaped for alerts.create|update. Numbers
// stay as typed when they are not numbers (NaN), so the API's own message names the field.
import type { PresentedAlert } from "@tradecraft/api";
import { type AlertFormValues, EMPTY_ALERT_FORM } from "~/components/alerts/alert-form";
import { dateTimeLocalValue, localDateTime } from "~/lib/journal.server";

const MOVING = new Set(["moving_up", "moving_down"]);

/** The form's fields as text (what it shows again after a refusal). */
export function alertFormValues(form: FormData): AlertFormValues {
  const text = (name: string, max = 600) =>
    String(form.get(name) ?? "")
      .trim()
      .slice(0, max);
  return {
    symbol: text("symbol", 64),
    type: text("type", 20),
    level: text("level", 40),
    amount: text("amount", 40),
    unit: text("unit", 20),
    window: text("window", 20),
    minutes: text("minutes", 20),
    frequency: text("frequency", 30),
    message: text("message"),
    expiresAt: text("expiresAt", 40),
  };
}

/** "1,234.5" → 1234.5; blank → undefined (the API says "Enter a price"); anything else → NaN. */
const numberOf = (text: string) => (text === "" ? undefined : Number(text.replace(/[,\s]/g, "")));

/** The procedure input for the form's values; an unreadable expiry is reported beside its field. */
export function alertInputOf(values: AlertFormValues, timeZone: string) {
  const condition = MOVING.has(values.type)
    ? {
        type: values.type,
        amount: numberOf(values.amount),
        unit: values.unit,
        window:
          values.window === "session" ? { kind: "session" } : { kind: "minutes", minutes: numberOf(values.minutes) },
      }
    : { type: values.type, level: numberOf(values.level) };
  const expiry = localDateTime(values.expiresAt, timeZone);
  return {
    input: {
      symbol: values.symbol,
      condition,
      frequency: values.frequency,
      message: values.message,
      expiresAt: expiry === undefined ? null : expiry === null ? null : expiry.getTime(),
    },
    expiryUnreadable: expiry === undefined,
  };
}

/** A stored alert as the edit form shows it (its expiry in the member's zone, to the minute). */
export function alertFormValuesOf(alert: PresentedAlert, timeZone: string): AlertFormValues {
  const c = alert.condition;
  return {
    ...EMPTY_ALERT_FORM,
    symbol: alert.symbol,
    type: c.type,
    level: "level" in c ? String(c.level) : "",
    amount: "amount" in c ? String(c.amount) : "",
    unit: "unit" in c ? c.unit : "percent",
    window: "window" in c ? c.window.kind : "minutes",
    minutes: "window" in c && c.window.kind === "minutes" ? String(c.window.minutes) : "60",
    frequency: alert.frequency,
    message: alert.message,
    expiresAt: alert.expiresAt ? dateTimeLocalValue(alert.expiresAt, timeZone).slice(0, 16) : "",
  };
}
