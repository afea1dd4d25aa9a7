import { getEnv } from "@tradecraft/config";

/** The public pages search engines may index, relative to APP_URL. */
export const PUBLIC_PATHS = ["/", "/signup", "/login", "/forgot-password"] as const;

/** An absolute URL on the members' app's public origin (canonical links, sitemap). */
export function absoluteUrl(path: string): string {
  return new URL(path, getEnv().APP_URL).toString();
}
