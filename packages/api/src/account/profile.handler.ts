import type { Context } from "../context.ts";
import type { SessionUser } from "../auth/session.service.ts";
import { recordAudit } from "../audit/record.ts";
import type { ConfirmTimeZoneInput, UpdateProfileInput } from "./profile.schema.ts";

type MemberContext = Context & { user: SessionUser };

export interface Profile {
  email: string;
  displayName: string;
  bio: string;
  timeZone: string;
  /** False while the zone is the default nobody chose (home then offers the browser's). */
  timeZoneConfirmed: boolean;
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
      profile: {
        select: { bio: true, timeZone: true, timeZoneConfirmedAt: true, coachStyle: true, breakevenBand: true },
      },
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
    timeZoneConfirmed: (user.profile?.timeZoneConfirmedAt ?? null) !== null,
    coachStyle: user.profile?.coachStyle ?? "concise",
    breakevenBand: Number(user.profile?.breakevenBand ?? 0),
    emailVerified: user.emailVerifiedAt !== null,
    pendingEmail: user.tokens[0]?.email ?? null,
  };
}

/** Saves name, bio, time zone, coach style and (when given) the breakeven band together. */
export async function updateProfile(ctx: MemberContext, input: UpdateProfileInput): Promise<Profile> {
  const { displayName, breakevenBand, ...rest } = input;
  // Saving the form is choosing the zone it shows, so the home page stops offering another.
  const profile = {
    ...rest,
    timeZoneConfirmedAt: new Date(),
    ...(breakevenBand === undefined ? {} : { breakevenBand }),
  };
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

/**
 * The answer to the home page's offer: uses the zone given, or keeps the current one when none
 * is; either way the offer is not made again.
 */
export async function confirmTimeZone(ctx: MemberContext, input: ConfirmTimeZoneInput): Promise<Profile> {
  const chosen = { timeZoneConfirmedAt: new Date(), ...(input.timeZone ? { timeZone: input.timeZone } : {}) };
  await ctx.prisma.profile.upsert({
    where: { userId: ctx.user.id },
    create: { userId: ctx.user.id, ...chosen },
    update: chosen,
    select: { userId: true },
  });
  await recordAudit(ctx, "account.time_zone.confirmed", {
    actorId: ctx.user.id,
    subjectId: ctx.user.id,
    metadata: { timeZone: input.timeZone ?? null, kept: !input.timeZone },
  });
  return getProfile(ctx);
}
