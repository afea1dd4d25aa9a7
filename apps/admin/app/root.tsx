import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { Document, ErrorPage } from "@tradecraft/ui/remix";
import styles from "@tradecraft/ui/styles.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

// The admin app is internal: never indexed, whatever a crawler finds.
export const meta: MetaFunction = () => [{ name: "robots", content: "noindex, nofollow" }];

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  return <ErrorPage brandSuffix="Admin" />;
}
