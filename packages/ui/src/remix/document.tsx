import { isRouteErrorResponse, Links, Meta, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { ButtonLink } from "../controls.tsx";
import { AppShell } from "../layout.tsx";
import { useNonce, useRequestId } from "./request-info.tsx";

/** The HTML document both apps render: meta, links, nonce'd scripts, the request id. */
export function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  const requestId = useRequestId();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0A0A0B" />
        <meta name="request-id" content={requestId} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** The styled page for a thrown response (404, 403…) or an unexpected error, with the request id. */
export function ErrorPage({ brandSuffix }: { brandSuffix?: string }) {
  const error = useRouteError();
  const requestId = useRequestId();
  const isResponse = isRouteErrorResponse(error);
  const status = isResponse ? error.status : 500;
  const heading =
    status === 404
      ? "We couldn't find that page"
      : status === 403
        ? "You don't have access to this page"
        : status === 429
          ? "Too many requests"
          : isResponse && status < 500
            ? "That request didn't work"
            : "Something went wrong on our side";
  const detail =
    isResponse && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : isResponse && typeof error.data === "string" && status < 500
        ? error.data
        : status === 404
          ? "The link may be old, or the page may have moved."
          : "Please try again in a moment. If it keeps happening, tell us the reference below.";
  return (
    <Document title={`${status} · Tradecraft`}>
      <AppShell brandSuffix={brandSuffix}>
        <div className="tc-hero">
          <p className="tc-hero__eyebrow">Error {status}</p>
          <h1>{heading}</h1>
          <p>{detail}</p>
          {requestId ? (
            <p className="tc-muted">
              Reference: <code>{requestId}</code>
            </p>
          ) : null}
          <div className="tc-actions">
            <ButtonLink href="/">Go to the home page</ButtonLink>
          </div>
        </div>
      </AppShell>
    </Document>
  );
}
