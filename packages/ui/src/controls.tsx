import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, useId } from "react";

type Variant = "primary" | "secondary" | "danger";

/** A button in one of the theme's variants. */
export function Button({
  variant = "primary",
  className = "",
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={`tc-button tc-button--${variant} ${className}`.trim()} {...rest} />;
}

/** A link styled as a button. */
export function ButtonLink({
  variant = "primary",
  className = "",
  ...rest
}: React.AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: Variant }) {
  return <a className={`tc-button tc-button--${variant} ${className}`.trim()} {...rest} />;
}

/**
 * A labelled input with optional hint and error text, wired with aria-describedby and
 * aria-invalid so screen readers announce both.
 */
export function TextField({
  label,
  hint,
  error,
  id,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode; error?: string | string[] | null; name: string }) {
  const generated = useId();
  const inputId = id ?? `${input.name}-${generated}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  const errorId = errors.length ? `${inputId}-error` : undefined;
  return (
    <div className="tc-field">
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <div id={hintId} className="tc-field__hint">
          {hint}
        </div>
      ) : null}
      <input
        id={inputId}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {errors.length ? (
        <div id={errorId} className="tc-field__error">
          {errors.join(" ")}
        </div>
      ) : null}
    </div>
  );
}
