/**
 * A same-site path to go to after signing in; anything else (absolute URLs, protocol-relative
 * `//evil`, backslash tricks, control characters, text that is not valid Unicode) falls back to
 * `fallback`. The result is always printable ASCII, so it can go in a Location header as it is.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  try {
    // Header values are bytes: a path typed with non-ASCII letters or spaces (`?symbol=日本`) goes
    // out percent-encoded as UTF-8, the way browsers send it. Existing escapes are left as they are.
    return to.replace(/[^\u0021-\u007e]+/g, (run) => encodeURIComponent(run));
  } catch {
    return fallback; // a lone surrogate: encodeURIComponent throws URIError
  }
}
