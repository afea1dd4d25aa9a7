import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import { errorReportingOrigin } from "./error-reporting.ts";

export interface SecurityHeaderOptions {
  isProduction: boolean;
  /** The app's public URL; an https URL turns on upgrade-insecure-requests. */
  appUrl: string;
  /** Where the browser sends error reports (the Sentry DSN's origin); allowed in connect-src. */
  reportingOrigin?: string;
}

/** A fresh CSP nonce: 16 random bytes, base64. */
export const createNonce = () => randomBytes(16).toString("base64");

/** The enforced Content-Security-Policy for a page rendered with `nonce`. */
export function contentSecurityPolicy(
  nonce: string,
  { isProduction, appUrl, reportingOrigin = errorReportingOrigin() }: SecurityHeaderOptions,
): string {
  const reporting = reportingOrigin ? [reportingOrigin] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    // Vite injects styles with <style> tags while developing; built apps link CSS files.
    "style-src": isProduction ? ["'self'", `'nonce-${nonce}'`] : ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": isProduction
      ? ["'self'", ...reporting]
      : ["'self'", ...reporting, "ws://localhost:*", "ws://127.0.0.1:*"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (appUrl.startsWith("https:")) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/** Sets the security headers on every response and puts the request's CSP nonce in res.locals. */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  return (_req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, options));
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (options.isProduction) {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  };
}
