// The GOV.UK error summary (design-system.service.gov.uk/components/error-summary): when a form is
// refused, one box at its top says "There is a problem" and links to each field that needs work,
// and focus moves to it so a screen reader reads it and a keyboard starts from it.
import { type MouseEvent, useEffect, useId, useRef } from "react";

type FieldErrors = Record<string, string[] | string | null | undefined>;

/** One line of the summary: a message, linked to its field when the field is on the page. */
export interface ErrorSummaryItem {
  message: string;
  /** The id of the control to link to. */
  fieldId?: string;
}

/**
 * The summary's lines: `formError` first, then the first message of each field in the order of
 * `fieldIds` (error key → control id, the form's order), then errors of fields not listed, unlinked.
 */
export function errorSummaryItems(
  fieldErrors: FieldErrors | null | undefined,
  fieldIds: Record<string, string>,
  formError?: string | null,
): ErrorSummaryItem[] {
  const first = (value: FieldErrors[string]) => (Array.isArray(value) ? value[0] : value) || null;
  const items: ErrorSummaryItem[] = formError ? [{ message: formError }] : [];
  const keys = [...Object.keys(fieldIds), ...Object.keys(fieldErrors ?? {}).filter((key) => !(key in fieldIds))];
  const seen = new Set<string>();
  for (const key of keys) {
    const message = first(fieldErrors?.[key]);
    // Two keys for one field (a nested object's own error and one of its parts) show once.
    const fieldId = fieldIds[key];
    const identity = `${fieldId ?? key}\u0000${message}`;
    if (!message || seen.has(identity)) continue;
    seen.add(identity);
    items.push({ message, fieldId });
  }
  return items;
}

/**
 * "There is a problem" and a link to each field in error, shown at the top of a refused form;
 * it takes focus: without JavaScript through `autofocus` on the page the server sends, with it
 * when a new refusal arrives. Renders nothing when there is nothing to say.
 */
export function ErrorSummary({
  fieldErrors,
  fieldIds = {},
  formError,
  title = "There is a problem",
}: {
  fieldErrors?: FieldErrors | null;
  /** Error key → id of its control, in the form's order. */
  fieldIds?: Record<string, string>;
  /** A problem of the whole form (a wrong password, a refusal), listed first. */
  formError?: string | null;
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const items = errorSummaryItems(fieldErrors, fieldIds, formError);
  const shown = items.length > 0;
  // Each refusal is a new object from useActionData, so a second refused submit focuses again.
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, fieldErrors, formError]);
  if (!shown) return null;
  const focusField = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const control = document.getElementById(fieldId);
    if (!control) return;
    event.preventDefault();
    // The label sits above the control: bring both into view, as the GOV.UK component does.
    (control.closest(".tc-field") ?? control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  };
  return (
    <div
      ref={ref}
      className="tc-error-summary"
      role="alert"
      aria-labelledby={titleId}
      tabIndex={-1}
      // Where a refused form sends people; the page that comes back without script is focused here.
      autoFocus
      data-error-summary=""
    >
      <h2 id={titleId} className="tc-error-summary__title">
        {title}
      </h2>
      <ul className="tc-error-summary__list">
        {items.map((item, i) => (
          <li key={`${item.fieldId ?? ""}-${i}`}>
            {item.fieldId ? (
              <a href={`#${item.fieldId}`} onClick={(event) => focusField(event, item.fieldId!)}>
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
