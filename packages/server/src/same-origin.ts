import type { Request, RequestHandler } from "express";
import { sendError } from "./error-response.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return "invalid";
  }
}

/** The origin a state-changing request claims: Origin, or Referer's origin when Origin is absent. */
export function claimedOrigin(req: Request): string | null {
  const origin = req.get("origin");
  if (origin !== undefined) return origin === "null" ? "null" : originOf(origin);
  return originOf(req.get("referer"));
}

/**
 * Refuses (403) a POST/PUT/PATCH/DELETE whose Origin (or Referer) is another site: CSRF
 * protection on top of SameSite=Lax cookies. Requests that carry neither header come from
 * non-browser clients, which hold no victim's cookies, and pass.
 */
export function requireSameOrigin({ appUrl }: { appUrl: string }): RequestHandler {
  const configured = new URL(appUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const claimed = claimedOrigin(req);
    if (claimed === null) return next();
    const own = `${req.protocol}://${req.get("host")}`;
    if (claimed === configured || claimed === own) return next();
    (res.locals.logger as { warn?: (o: object, m: string) => void } | undefined)?.warn?.(
      { claimedOrigin: claimed.slice(0, 200), method: req.method },
      "refused cross-site request",
    );
    req.resume();
    sendError(req, res, 403, "FORBIDDEN", "Cross-site requests are not allowed");
  };
}
