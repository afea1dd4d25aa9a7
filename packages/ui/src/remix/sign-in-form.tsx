import { Form, useNavigation } from "@remix-run/react";
import { Button, TextField } from "../controls.tsx";
import { ErrorSummary } from "../error-summary.tsx";

/** What a sign-in action returns when it refuses: per-field messages, one form message, the email typed. */
export interface SignInFormData {
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
  email: string;
}

const SIGN_IN_FIELD_IDS = { email: "email", password: "password" };

/** The email + password form both apps sign in with; works without JavaScript. */
export function SignInForm({
  data,
  redirectTo,
  forgotPasswordHref,
}: {
  data?: SignInFormData;
  redirectTo: string;
  /** Where members go when they have forgotten their password (the admin app has no such page). */
  forgotPasswordHref?: string;
}) {
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={SIGN_IN_FIELD_IDS} formError={data?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          id={SIGN_IN_FIELD_IDS.email}
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={data?.email}
          error={data?.fieldErrors.email}
        />
        <TextField
          id={SIGN_IN_FIELD_IDS.password}
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={data?.fieldErrors.password}
        />
        {forgotPasswordHref ? (
          <p className="tc-muted">
            <a href={forgotPasswordHref}>Forgot your password?</a>
          </p>
        ) : null}
        <Button type="submit" disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </>
  );
}
