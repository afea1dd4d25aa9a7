import type { Request, Response } from "express";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** True when the client prefers HTML (a browser) over JSON (an API client). */
export function wantsHtml(req: Request): boolean {
  return req.accepts(["json", "html"]) === "html" && (req.headers.accept ?? "").includes("text/html");
}

/**
 * Answers with an error the client can read: JSON `{ error: { code, message, requestId } }`
 * for API clients, a small styled page for browsers. Never a stack trace.
 */
export function sendError(req: Request, res: Response, status: number, code: string, message: string): void {
  const requestId = String(res.locals.requestId ?? "");
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status);
  res.setHeader("Cache-Control", "no-store");
  if (!wantsHtml(req)) {
    res.json({ error: { code, message, requestId } });
    return;
  }
  const nonce = String(res.locals.cspNonce ?? "");
  res.type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${status} · Tradecraft</title>
<style nonce="${escapeHtml(nonce)}">body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0A0A0B;color:#E7E5E4;font:16px/1.5 system-ui,sans-serif}main{max-width:32rem;padding:2rem}h1{color:#F3E5AB;font-size:1.5rem}code{color:#A7F3D0}a{color:#34D399}</style>
</head><body><main><h1>${status} · ${escapeHtml(message)}</h1>
<p>Reference: <code>${escapeHtml(requestId)}</code></p><p><a href="/">Back to Tradecraft</a></p></main></body></html>`);
}
