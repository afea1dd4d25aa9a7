import { Form, useNavigation } from "@remix-run/react";
import { Button, TextField } from "../controls.tsx";
import { Alert } from "../layout.tsx";

/** What a sign-in action returns when it refuses: per-field messages, one form message, the email typed. */
export interface SignInFormData {
  fieldErrors: Record<string, string[] | undefined>;
  formError: string | null;
  email: string;
}

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
      {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={data?.email}
          error={data?.fieldErrors.email}
        />
        <TextField
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
