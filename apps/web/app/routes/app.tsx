import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { AppShell, Button } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

// The member area's frame: every /app page requires a session (the guard runs here and in each page's loader).
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { displayName: user.displayName };
}

const NAV = [
  { href: "/app", label: "Home" },
  { href: "/app/settings/profile", label: "Profile" },
  { href: "/app/settings/security", label: "Security" },
];

export default function MemberArea() {
  const { displayName } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  return (
    <AppShell
      brandHref="/app"
      nav={NAV.map((item) => ({ ...item, current: item.href === pathname }))}
      actions={
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary" aria-label={`Sign out ${displayName}`}>
            Sign out
          </Button>
        </Form>
      }
    >
      <Outlet />
    </AppShell>
  );
}
