import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { apiFor, signInAction } from "@tradecraft/api";
import { AppShell } from "@tradecraft/ui";
import { SignInForm, type SignInFormData } from "@tradecraft/ui/remix";

export const meta: MetaFunction = () => [{ title: "Sign in · Tradecraft Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await apiFor(request, { app: "admin" });
  const signedIn = await api.admin.overview().then(
    () => true,
    () => false,
  );
  return signedIn ? redirect("/") : null;
}

export function action({ request }: ActionFunctionArgs) {
  return signInAction(request, { app: "admin", fallback: "/" });
}

export default function AdminLogin() {
  const data = useActionData<SignInFormData>();
  const [params] = useSearchParams();
  return (
    <AppShell brandSuffix="Admin">
      <div className="tc-narrow">
        <h1>Sign in</h1>
        <p className="tc-muted">The admin app is for Tradecraft's administrators.</p>
        <SignInForm data={data} redirectTo={params.get("redirectTo") ?? "/"} />
      </div>
    </AppShell>
  );
}
