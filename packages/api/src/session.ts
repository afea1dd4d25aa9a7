import type { AppName } from "@tradecraft/config";
import { readSessionToken, sessionCookie } from "@tradecraft/auth";
import type { PrismaClient } from "@tradecraft/db";
import { type SessionUser, validateSessionToken, type ValidSession } from "./auth/session.service.ts";

export type { SessionUser };

/** Secure cookies in production; development and tests run on plain http. */
export const secureCookies = () => process.env.NODE_ENV === "production";

/**
 * Resolves the request's session cookie to its session and user. A renewed session gets its
 * cookie sent again through `responseHeaders`.
 */
export async function getSession(opts: {
  headers: Headers;
  app: AppName;
  prisma: PrismaClient;
  responseHeaders: Headers;
}): Promise<ValidSession | null> {
  const token = readSessionToken(opts.app, opts.headers.get("cookie"));
  if (!token) return null;
  const session = await validateSessionToken(opts.prisma, opts.app, token);
  if (session?.renewed) {
    opts.responseHeaders.append(
      "Set-Cookie",
      sessionCookie(opts.app, token, session.expiresAt, { secure: secureCookies() }),
    );
  }
  return session;
}
