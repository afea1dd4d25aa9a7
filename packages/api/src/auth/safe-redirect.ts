/**
 * A same-site path to go to after signing in; anything else (absolute URLs, protocol-relative
 * `//evil`, backslash tricks, control characters) falls back to `fallback`.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(to)) return fallback;
  return to;
}
