import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { signInAction } from "@tradecraft/api";
import { AppShell } from "@tradecraft/ui";
import { SignInForm, type SignInFormData } from "@tradecraft/ui/remix";
import { requireAnonymous } from "~/lib/auth.server";

export const meta: MetaFunction = () => [
  { title: "Sign in · Tradecraft" },
  { name: "description", content: "Sign in to your Tradecraft journal." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export function action({ request }: ActionFunctionArgs) {
  return signInAction(request, { app: "web", fallback: "/app" });
}

export default function Login() {
  const data = useActionData<SignInFormData>();
  const [params] = useSearchParams();
  return (
    <AppShell nav={[{ href: "/", label: "Home" }]}>
      <div className="tc-narrow">
        <h1>Sign in</h1>
        <p className="tc-muted">
          Welcome back. New here? <Link to="/signup">Create an account</Link>.
        </p>
        <SignInForm data={data} redirectTo={params.get("redirectTo") ?? "/app"} forgotPasswordHref="/forgot-password" />
      </div>
    </AppShell>
  );
}
