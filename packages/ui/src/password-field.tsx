import {
  type FocusEvent,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
// Types only: the module itself is imported lazily below.
import type * as PasswordPolicy from "@tradecraft/auth/password-policy";
import { TextField } from "./controls.tsx";

type Policy = typeof PasswordPolicy;
type Context = { email?: string; displayName?: string };
type Verdict = { score: number; label: string; message: string };

const LABELS = ["Weak", "Weak", "Fair", "Good", "Strong"];
const DEBOUNCE_MS = 150;

// zxcvbn's dictionaries are ~1.7 MB (~840 kB gzipped): fetched once, on first focus, never in the
// entry chunk. A failed fetch is forgotten so the next keystroke tries again.
let policy: Promise<Policy> | undefined;
const loadPolicy = () =>
  (policy ??= import("@tradecraft/auth/password-policy").catch((error: unknown) => {
    policy = undefined;
    throw error;
  }));

/** The member's words from the other fields: one named "email" is the email, the rest are name. */
function contextFrom(input: HTMLInputElement, fields: string[], given: Context | undefined): Context {
  const valueOf = (name: string) => {
    const element = input.form?.elements.namedItem(name);
    return element && "value" in element ? String(element.value).trim() : "";
  };
  const email = fields.includes("email") ? valueOf("email") : "";
  const names = fields.filter((name) => name !== "email").map(valueOf);
  const displayName = [given?.displayName, ...names].filter(Boolean).join(" ");
  return { email: email || given?.email, displayName: displayName || undefined };
}

/** What the meter says about `value`: the policy's score, a one-word label and its first reason. */
export function verdictOf(
  { checkPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH }: Policy,
  value: string,
  context: Context,
): Verdict {
  const result = checkPassword(value, context);
  const label =
    value.length < PASSWORD_MIN_LENGTH
      ? "Too short"
      : value.length > PASSWORD_MAX_LENGTH
        ? "Too long"
        : LABELS[result.score]!;
  const message = result.ok ? "Hard to guess." : (result.problems[0] ?? result.suggestions[0] ?? "");
  return { score: result.score, label, message };
}

/**
 * A new-password field with a strength meter. The meter appears once JavaScript runs and judges
 * with the same policy as the server (zxcvbn-ts, loaded only when the member reaches the field);
 * without JavaScript the server's answer after submitting says why a password is refused.
 */
export function PasswordField({
  label,
  name,
  id,
  hint,
  error,
  context,
  contextFields = [],
  meter = true,
  onFocus,
  onInput,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name"> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | string[] | null;
  /** Words the password must not lean on (the member's email and name). */
  context?: Context;
  /** Names of inputs in the same form whose current values are context too (e.g. "email", "displayName"). */
  contextFields?: string[];
  /** False for a confirmation field. */
  meter?: boolean;
}) {
  const generated = useId();
  const inputId = id ?? `${name}-${generated}`;
  const meterId = `${inputId}-strength`;
  const [mounted, setMounted] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Only the latest keystroke's verdict is shown, however the judgements interleave.
  const latest = useRef(0);
  useEffect(() => {
    setMounted(true);
    return () => clearTimeout(timer.current);
  }, []);

  function prefetch(event: FocusEvent<HTMLInputElement>) {
    onFocus?.(event);
    if (meter) loadPolicy().catch(() => undefined);
  }

  function judge(event: FormEvent<HTMLInputElement>) {
    onInput?.(event);
    if (!meter) return;
    const field = event.currentTarget;
    const request = ++latest.current;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const value = field.value;
      if (!value) return setVerdict(null);
      const words = contextFrom(field, contextFields, context);
      loadPolicy().then(
        (loaded) => {
          if (request === latest.current) setVerdict(verdictOf(loaded, value, words));
        },
        // Offline or a stale deploy: no meter, and the server still explains after submitting.
        () => {
          if (request === latest.current) setVerdict(null);
        },
      );
    }, DEBOUNCE_MS);
  }

  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  const showMeter = mounted && meter;
  const describedBy = [
    hint ? `${inputId}-hint` : null,
    errors.length ? `${inputId}-error` : null,
    showMeter ? meterId : null,
  ];
  return (
    <>
      <TextField
        {...input}
        id={inputId}
        type="password"
        label={label}
        name={name}
        hint={hint}
        error={error}
        onFocus={prefetch}
        onInput={judge}
        aria-describedby={describedBy.filter(Boolean).join(" ") || undefined}
      />
      {showMeter ? (
        <div id={meterId} className="tc-strength" aria-live="polite">
          {verdict ? (
            <>
              <meter
                min={0}
                max={4}
                low={2}
                high={3}
                optimum={4}
                value={verdict.score}
                aria-label="Password strength"
              />
              <span>
                <strong>{verdict.label}.</strong> {verdict.message}
              </span>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
