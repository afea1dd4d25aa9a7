// The text a member writes for an alert ("{{symbol}} is {{condition}}, now {{price}}") and what
// it becomes when the alert fires. Placeholders are expanded once, left to right: a value that
// itself contains "{{…}}" is never expanded again.
import { z } from "zod";
import type { AlertCondition } from "./conditions.ts";

export const MESSAGE_MAX_LENGTH = 500;

// Control characters (line breaks included) would break e-mail subjects, push notifications and
// log lines the message ends up in; the form offers a single line.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const AlertMessageTemplateSchema = z
  .string({ error: "Enter a message" })
  .min(1, { error: "Enter a message" })
  .max(MESSAGE_MAX_LENGTH, { error: `Keep the message to ${MESSAGE_MAX_LENGTH} characters` })
  .refine((text) => !CONTROL_CHARACTERS.test(text), { error: "Use a single line without tabs or control characters" })
  // Half of a surrogate pair has no UTF-8 form: PostgreSQL, email and JSON would all refuse it.
  .refine((text) => !/\p{Cs}/u.test(text), { error: "Use whole characters only (this text has a broken one)" });

/** The template a new alert gets when the member writes none. */
export const DEFAULT_MESSAGE_TEMPLATE = "{{symbol}} {{condition}}: now {{price}}";

/** A price as members read it: at least 2 decimals, up to the 8 a level may have, no exponent. */
export function formatPrice(price: number): string {
  const decimals = Math.min(8, Math.max(2, (price.toFixed(8).replace(/0+$/, "").split(".")[1] ?? "").length));
  return price.toFixed(decimals);
}

/** The condition in words: "crossing up 100.00", "moving up 5% within 30 minutes". */
export function describeCondition(condition: AlertCondition): string {
  switch (condition.type) {
    case "above":
    case "below":
    case "crossing":
      return `${condition.type} ${formatPrice(condition.level)}`;
    case "crossing_up":
      return `crossing up ${formatPrice(condition.level)}`;
    case "crossing_down":
      return `crossing down ${formatPrice(condition.level)}`;
    case "moving_up":
    case "moving_down": {
      const direction = condition.type === "moving_up" ? "up" : "down";
      const amount = condition.unit === "percent" ? `${condition.amount}%` : `$${formatPrice(condition.amount)}`;
      const { window } = condition;
      const within =
        window.kind === "session"
          ? "within the session"
          : `within ${window.minutes} ${window.minutes === 1 ? "minute" : "minutes"}`;
      return `moving ${direction} ${amount} ${within}`;
    }
  }
}

/** What a firing alert's placeholders stand for. */
export interface MessageValues {
  symbol: string;
  price: number;
  condition: AlertCondition;
}

const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/gi;

function valueOf(name: string, values: MessageValues): string | undefined {
  switch (name.toLowerCase()) {
    case "symbol":
      return values.symbol;
    case "price":
      return formatPrice(values.price);
    case "condition":
      return describeCondition(values.condition);
    case "level":
      // A moving condition has no level: the placeholder stays as typed, like an unknown one.
      return "level" in values.condition ? formatPrice(values.condition.level) : undefined;
    default:
      return undefined;
  }
}

/**
 * The message with known placeholders replaced and unknown ones left as typed, cut to
 * MESSAGE_MAX_LENGTH characters (an ellipsis marks a cut; a surrogate pair is never split).
 */
export function renderMessage(template: string, values: MessageValues): string {
  const text = template.replace(PLACEHOLDER, (match, name: string) => valueOf(name, values) ?? match);
  if (text.length <= MESSAGE_MAX_LENGTH) return text;
  let cut = text.slice(0, MESSAGE_MAX_LENGTH - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
