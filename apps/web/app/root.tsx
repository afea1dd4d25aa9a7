import type { LinksFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { Document, ErrorPage } from "@tradecraft/ui/remix";
import styles from "@tradecraft/ui/styles.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
