import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { apiFor, formErrorsOf, httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, AppShell, Button, ErrorSummary, PasswordField, SelectField, TextField } from "@tradecraft/ui";
import { useBrowserTimeZone, zoneLabel } from "~/components/time-zone";
import { requireAnonymous } from "~/lib/auth.server";
import { suggestedTimeZone, timeZoneOptions } from "~/lib/time-zones.server";

export const meta: MetaFunction = () => [
  { title: "Create your account · Tradecraft" },
  {
    name: "description",
    content: "Join Tradecraft: a trade journal, honest statistics and an AI coach that knows your trading.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const suggested = suggestedTimeZone(request);
  return { suggestedTimeZone: suggested, timeZones: timeZoneOptions(suggested) };
}

interface FormRefusal {
  sent: false;
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
  values: { email: string; displayName: string; timeZone: string };
}
/** "Check your email", word for word the same whether or not the address already has an account. */
type ActionData = { sent: true; message: string } | FormRefusal;

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  // Never cut: what is too long is refused with a message and comes back as typed (the body limit bounds it).
  const values = {
    email: String(form.get("email") ?? ""),
    displayName: String(form.get("displayName") ?? ""),
    timeZone: String(form.get("timeZone") ?? ""),
  };
  const api = await apiFor(request);
  try {
    const { message } = await api.auth.signup({
      ...values,
      // Absent (a form without the field): the API guesses from Accept-Language.
      timeZone: values.timeZone || undefined,
      password: String(form.get("password") ?? ""),
      website: String(form.get("website") ?? ""),
    });
    return Response.json({ sent: true, message } satisfies ActionData);
  } catch (error) {
    const inputErrors = formErrorsOf(error);
    const status = httpStatusOf(error);
    const formError = inputErrors
      ? null
      : error instanceof TRPCError && status < 500
        ? error.message
        : "We couldn't create your account. Please try again.";
    const data: ActionData = { sent: false, fieldErrors: inputErrors?.fieldErrors ?? {}, formError, values };
    return Response.json(data, { status: inputErrors ? 400 : status });
  }
}

const SIGNUP_FIELD_IDS = { displayName: "displayName", email: "email", password: "password", timeZone: "timeZone" };

export default function Signup() {
  const answer = useActionData<ActionData>();
  const submitting = useNavigation().state === "submitting";
  const { suggestedTimeZone, timeZones } = useLoaderData<typeof loader>();
  // With script, the browser's own zone goes in a hidden field; without, a select starts on the
  // zone Accept-Language suggests. A refused zone shows the select with its error.
  const browserZone = useBrowserTimeZone();
  if (answer?.sent) {
    return (
      <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
        <div className="tc-narrow">
          <h1>Check your email</h1>
          <Alert tone="success">{answer.message}</Alert>
          <p>
            Then <Link to="/login">sign in</Link>.
          </p>
        </div>
      </AppShell>
    );
  }
  const data = answer;
  const zoneError = data?.fieldErrors.timeZone;
  return (
    <AppShell nav={[{ href: "/login", label: "Sign in" }]}>
      <div className="tc-narrow">
        <h1>Create your account</h1>
        <p className="tc-muted">
          Free to start. Already a member? <Link to="/login">Sign in</Link>.
        </p>
        <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={SIGNUP_FIELD_IDS} formError={data?.formError} />
        <Form method="post" noValidate>
          <TextField
            id={SIGNUP_FIELD_IDS.displayName}
            label="Name"
            name="displayName"
            autoComplete="name"
            required
            hint="At most 60 characters"
            defaultValue={data?.values.displayName}
            error={data?.fieldErrors.displayName}
          />
          <TextField
            id={SIGNUP_FIELD_IDS.email}
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={data?.values.email}
            error={data?.fieldErrors.email}
          />
          <PasswordField
            id={SIGNUP_FIELD_IDS.password}
            label="Password"
            name="password"
            autoComplete="new-password"
            required
            minLength={12}
            hint="At least 12 characters. A phrase of unrelated words is strong and easy to remember."
            contextFields={["email", "displayName"]}
            error={data?.fieldErrors.password}
          />
          {browserZone && !zoneError ? (
            <p className="tc-muted">
              <input type="hidden" name="timeZone" value={browserZone} />
              Times will be shown in {zoneLabel(browserZone)}, your browser&apos;s time zone. You can change it in your
              profile.
            </p>
          ) : (
            <SelectField
              id={SIGNUP_FIELD_IDS.timeZone}
              label="Time zone"
              name="timeZone"
              hint="Your trade times and trading days are shown in it. You can change it in your profile."
              defaultValue={(!zoneError && data?.values.timeZone) || suggestedTimeZone}
              options={timeZones.map((zone) => ({ value: zone, label: zoneLabel(zone) }))}
              error={zoneError}
            />
          )}
          <div className="tc-honeypot" aria-hidden="true">
            <label htmlFor="website">Leave this field empty</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <Button type="submit" disabled={submitting}>
            {submitting ? "Creating your account…" : "Create account"}
          </Button>
        </Form>
      </div>
    </AppShell>
  );
}
