import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { Alert, AppShell, Button, TextField } from "@tradecraft/ui";
import { z } from "zod";

export const meta: MetaFunction = () => [{ title: "Sign in · Tradecraft Admin" }];

const LoginFormSchema = z.object({
  email: z.email("Enter your email address").max(254),
  password: z.string().min(1, "Enter your password").max(256),
  redirectTo: z.string().max(2048).optional(),
});

// Sign-in itself arrives with accounts (issue "Step 2"); until then the form validates its input
// and says plainly that admin sign-in is not open yet.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LoginFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return Response.json({ fieldErrors: z.flattenError(parsed.error).fieldErrors, formError: null }, { status: 400 });
  }
  return Response.json(
    { fieldErrors: {}, formError: "Admin sign-in is not enabled on this server yet." },
    { status: 503 },
  );
}

export default function AdminLogin() {
  const data = useActionData<{ fieldErrors: Record<string, string[] | undefined>; formError: string | null }>();
  const [params] = useSearchParams();
  return (
    <AppShell brandSuffix="Admin">
      <div className="tc-narrow">
        <h1>Sign in</h1>
        <p className="tc-muted">The admin app is for Tradecraft's administrators.</p>
        {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextField label="Email" name="email" type="email" autoComplete="username" required error={data?.fieldErrors.email} />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={data?.fieldErrors.password}
          />
          <Button type="submit">Sign in</Button>
        </Form>
      </div>
    </AppShell>
  );
}
