import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { AppShell, Button } from "@tradecraft/ui";
import { requireAdmin } from "~/lib/guards.server";

// The admin area's frame; every page under it also guards its own loader.
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireAdmin(request, (api) => api.system.whoami());
  return { displayName: me.displayName };
}

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/users", label: "Users" },
  { href: "/audit", label: "Audit log" },
  { href: "/outbox", label: "Outbox" },
  { href: "/ai", label: "AI cost" },
  { href: "/studio", label: "Studio" },
  { href: "/system", label: "System" },
];

export default function AdminArea() {
  const { displayName } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  return (
    <AppShell
      brandSuffix="Admin"
      nav={NAV.map((item) => ({
        ...item,
        current: item.href === "/" ? pathname === "/" : pathname.startsWith(item.href),
      }))}
      actions={
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary">
            Sign out {displayName}
          </Button>
        </Form>
      }
    >
      <Outlet />
    </AppShell>
  );
}
