import { verifyPassword } from "@tradecraft/auth";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { fieldError } from "../trpc.ts";

/**
 * Checks the signed-in member's password before a sensitive change. A stolen session alone
 * cannot change the password or email or delete the account, nor guess the password quickly.
 */
export async function requireCurrentPassword(ctx: Context & { user: SessionUser }, password: string, field: string) {
  await enforceRateLimits(ctx, [["reauthUser", ctx.user.id]]);
  const user = await ctx.prisma.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: { id: true, email: true, displayName: true, passwordHash: true },
  });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    throw fieldError(field, "Your current password is not correct.");
  }
  return user;
}
