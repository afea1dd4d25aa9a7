import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, type ShouldRevalidateFunction, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { Document, ErrorPage } from "@tradecraft/ui/remix";
import styles from "@tradecraft/ui/styles.css?url";
import { startErrorReporting } from "@tradecraft/ui/remix/error-reporting";
import { errorReportingFor } from "~/lib/error-reporting.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Sentry's public DSN, tags and the signed-in user's id for the browser; null when reporting is off. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { errorReporting: await errorReportingFor(request) };
}

// Who is signed in changes only through a form (sign in, sign out): plain navigations skip the lookup.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  Boolean(formMethod) && defaultShouldRevalidate;

export default function App() {
  const { errorReporting } = useLoaderData<typeof loader>();
  // After hydration, and only with a DSN: Sentry's code is fetched then, never on the first load.
  useEffect(() => {
    if (errorReporting) startErrorReporting(errorReporting);
  }, [errorReporting]);
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
