import type { Context } from "../context.ts";
import type { SessionUser } from "../auth/session.service.ts";
import { recordAudit } from "../audit/record.ts";
import type { UpdateProfileInput } from "./profile.schema.ts";

type MemberContext = Context & { user: SessionUser };

export interface Profile {
  email: string;
  displayName: string;
  bio: string;
  timeZone: string;
  coachStyle: "concise" | "detailed";
  /** Net P&L within ± this many dollars is a scratch. */
  breakevenBand: number;
  emailVerified: boolean;
  /** A new address waiting for its confirmation link to be followed. */
  pendingEmail: string | null;
}

/** The member's profile; a member created before profiles existed gets the defaults. */
export async function getProfile(ctx: MemberContext): Promise<Profile> {
  const user = await ctx.prisma.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: {
      email: true,
      displayName: true,
      emailVerifiedAt: true,
      profile: { select: { bio: true, timeZone: true, coachStyle: true, breakevenBand: true } },
      tokens: {
        where: { purpose: "CHANGE_EMAIL", usedAt: null, expiresAt: { gt: new Date() } },
        select: { email: true },
        orderBy: { createdAt: "desc" },
        take: 1,
      },
    },
  });
  return {
    email: user.email,
    displayName: user.displayName,
    bio: user.profile?.bio ?? "",
    timeZone: user.profile?.timeZone ?? "UTC",
    coachStyle: user.profile?.coachStyle ?? "concise",
    breakevenBand: Number(user.profile?.breakevenBand ?? 0),
    emailVerified: user.emailVerifiedAt !== null,
    pendingEmail: user.tokens[0]?.email ?? null,
  };
}

/** Saves name, bio, time zone, coach style and (when given) the breakeven band together. */
export async function updateProfile(ctx: MemberContext, input: UpdateProfileInput): Promise<Profile> {
  const { displayName, breakevenBand, ...rest } = input;
  const profile = { ...rest, ...(breakevenBand === undefined ? {} : { breakevenBand }) };
  await ctx.prisma.user.update({
    where: { id: ctx.user.id },
    data: { displayName, profile: { upsert: { create: profile, update: profile } } },
    select: { id: true },
  });
  await recordAudit(ctx, "account.profile.updated", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { timeZone: input.timeZone, coachStyle: input.coachStyle, breakevenBand: input.breakevenBand ?? null },
  });
  return getProfile(ctx);
}
