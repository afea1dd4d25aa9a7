import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { TextField } from "./controls.tsx";

type Verdict = { score: number; label: string; message: string };

const LABELS = ["Weak", "Weak", "Fair", "Good", "Strong"];

/**
 * A new-password field with a strength meter. The meter appears once JavaScript runs and judges
 * with the same policy as the server (zxcvbn-ts, loaded only when the member starts typing);
 * without JavaScript the server's answer after submitting says why a password is refused.
 */
export function PasswordField({
  label,
  name,
  hint,
  error,
  context,
  contextFields = [],
  meter = true,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name"> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | string[] | null;
  /** Words the password must not lean on (the member's email and name). */
  context?: { email?: string; displayName?: string };
  /** Names of inputs in the same form whose values are context too (e.g. "email", "displayName"). */
  contextFields?: string[];
  /** False for a confirmation field. */
  meter?: boolean;
}) {
  const id = `${name}-${useId()}`;
  const meterId = `${id}-strength`;
  const [mounted, setMounted] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    setMounted(true);
    return () => clearTimeout(timer.current);
  }, []);

  function judge(event: FormEvent<HTMLInputElement>) {
    if (!meter) return;
    const field = event.currentTarget;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const value = field.value;
      if (!value) return setVerdict(null);
      const fromForm = Object.fromEntries(
        contextFields.map((n) => [n, (field.form?.elements.namedItem(n) as HTMLInputElement | null)?.value ?? ""]),
      );
      void import("@tradecraft/auth/password-policy").then(({ checkPassword }) => {
        const result = checkPassword(value, { ...context, ...fromForm });
        const tooShort = value.length < 12;
        setVerdict({
          score: result.score,
          label: tooShort ? "Too short" : LABELS[result.score]!,
          message: result.ok ? "Hard to guess. Good choice." : (result.problems[0] ?? ""),
        });
      });
    }, 150);
  }

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error && error.length ? `${id}-error` : undefined;
  const showMeter = mounted && meter;
  return (
    <>
      <TextField
        {...input}
        id={id}
        type="password"
        label={label}
        name={name}
        hint={hint}
        error={error}
        onInput={judge}
        aria-describedby={[hintId, errorId, showMeter ? meterId : undefined].filter(Boolean).join(" ") || undefined}
      />
      {showMeter ? (
        <div id={meterId} className="tc-strength" aria-live="polite">
          {verdict ? (
            <>
              <meter min={0} max={4} low={2} high={3} optimum={4} value={verdict.score} aria-label="Password strength" />
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
