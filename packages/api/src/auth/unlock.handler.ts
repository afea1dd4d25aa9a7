import type { Context } from "../context.ts";
import { consumeToken, findUsableToken } from "../account/tokens.service.ts";
import { recordAudit } from "../audit/record.ts";
import { clearThrottles } from "./sign-in-throttle.ts";

/**
 * Follows the lockout email's unlock link: every sign-in lock on the account is lifted, from
 * every source, and the link is used up. Links open anywhere: no session is needed or started.
 */
export async function unlockAccount(ctx: Context, token: string): Promise<{ email: string }> {
  const row = await findUsableToken(ctx.prisma, token, ["UNLOCK_ACCOUNT"]);
  const { user, lifted } = await ctx.prisma.$transaction(async (tx) => {
    await consumeToken(tx, row.id);
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, email: true } });
    // The address the link was sent to, and the account's address now if it changed since.
    return { user, lifted: await clearThrottles(tx, [user.email, row.email]) };
  });
  await recordAudit(ctx, "auth.unlocked", { actorId: user.id, subjectId: user.id, metadata: { sources: lifted } });
  ctx.logger.info(
    { event: "login.unlocked", userId: user.id, sources: lifted },
    "sign-in locks lifted from the email link",
  );
  return { email: user.email };
}
