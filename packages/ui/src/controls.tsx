import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

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
export function TextField(props: InputHTMLAttributes<HTMLInputElement> & FieldProps) {
  return <Field {...props} render={(control) => <input {...control} />} />;
}

/** A labelled multi-line text box, wired like TextField. */
export function TextAreaField(props: TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps) {
  return <Field {...props} render={(control) => <textarea rows={4} {...control} />} />;
}

/** A labelled select, wired like TextField. */
export function SelectField({
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { options: { value: string; label: string }[] }) {
  return (
    <Field
      {...props}
      render={(control) => (
        <select {...control}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | string[] | null;
  name: string;
  id?: string;
}

function Field<Control extends object>({
  label,
  hint,
  error,
  id,
  render,
  ...control
}: FieldProps & { render: (control: Control & { id: string; name: string }) => ReactNode } & Record<string, unknown>) {
  const generated = useId();
  const controlId = id ?? `${control.name}-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  // One message per field: the first problem is the one to fix first.
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean).slice(0, 1);
  const errorId = errors.length ? `${controlId}-error` : undefined;
  return (
    <div className="tc-field">
      <label htmlFor={controlId}>{label}</label>
      {hint ? (
        <div id={hintId} className="tc-field__hint">
          {hint}
        </div>
      ) : null}
      {render({
        id: controlId,
        "aria-invalid": errors.length ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        ...control,
      } as unknown as Control & { id: string; name: string })}
      {errors.length ? (
        <div id={errorId} className="tc-field__error">
          {errors.join(" ")}
        </div>
      ) : null}
    </div>
  );
}
