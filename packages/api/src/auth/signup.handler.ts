import { hashPassword } from "@tradecraft/auth";
import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { queueVerificationEmail } from "../account/verification.handler.ts";
import { recordAudit } from "../audit/record.ts";
import { appLink, queueEmail } from "../email/outbox.ts";
import { signupAttempted } from "../email/templates.ts";
import { enforceRateLimits } from "../rate-limit.ts";
import { timeZoneFromAcceptLanguage } from "../system/time-zone-from-locale.ts";
import type { SignupInput } from "./signup.schema.ts";

/** What sign-up answers, word for word, whether or not the email already has an account. */
export const signupRequested = (email: string) =>
  `Check your email: we have sent a message to ${email} with what to do next. Nothing there after a few minutes? Look in your spam folder.`;

const HOUR_MS = 60 * 60 * 1000;

/**
 * Creates a member (role MEMBER, tier FREE) with their profile and mails them a link to confirm
 * their email; user, profile and email are written together or not at all. An address that
 * already has an account gets the same answer, and its owner an email instead (sign in or
 * reset): the form never tells anyone whether an address is registered. Nobody is signed in.
 * The profile keeps the zone sent (the browser's) or, without one, Accept-Language's region's.
 */
export async function signup(ctx: Context, input: SignupInput): Promise<{ message: string }> {
  await enforceRateLimits(ctx, [["signupIp", ctx.ip]]);
  if (input.website) {
    ctx.logger.warn({ event: "signup.honeypot" }, "sign-up refused: honeypot filled");
    throw new TRPCError({ code: "BAD_REQUEST", message: "We couldn't create your account. Please try again." });
  }
  // Hashed whether or not the address is taken, so both answers cost the same.
  const passwordHash = await hashPassword(input.password);
  const created = await createMember(ctx, input, passwordHash);
  if (created) {
    await recordAudit(ctx, "auth.signup", { actorId: created.id, subjectId: created.id });
    ctx.logger.info({ event: "signup.succeeded", userId: created.id }, "member signed up");
  } else {
    await tellOwner(ctx, input.email);
  }
  return { message: signupRequested(input.email) };
}

/** The new member, or null when the address already has an account (the insert is what finds out). */
async function createMember(ctx: Context, input: SignupInput, passwordHash: string) {
  const timeZone = input.timeZone ?? timeZoneFromAcceptLanguage(ctx.headers.get("accept-language"));
  // A zone sent by the form was the browser's or picked by the member; a guess stays unconfirmed.
  const profile = { timeZone, timeZoneConfirmedAt: input.timeZone ? new Date() : null };
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, displayName: input.displayName, passwordHash, profile: { create: profile } },
        select: { id: true, email: true, displayName: true },
      });
      await queueVerificationEmail(tx, created, { timeZone });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}

/** Tells the owner of an address that someone tried to sign up with it; at most once an hour. */
async function tellOwner(ctx: Context, email: string) {
  const owner = await ctx.prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true },
  });
  if (!owner) return; // deleted since the insert failed
  const mailed = await ctx.prisma.$transaction(async (tx) => {
    const recent = await tx.emailMessage.count({
      where: { userId: owner.id, template: "signup-attempt", createdAt: { gt: new Date(Date.now() - HOUR_MS) } },
    });
    if (recent > 0) return false;
    const content = signupAttempted({
      name: owner.displayName,
      signInLink: appLink("/login"),
      resetLink: appLink("/forgot-password"),
    });
    await queueEmail(tx, { userId: owner.id, to: owner.email, content });
    return true;
  });
  await recordAudit(ctx, "auth.signup.existing_email", { subjectId: owner.id, metadata: { mailed } });
  ctx.logger.info(
    { event: "signup.existing_email", userId: owner.id, mailed },
    "sign-up with an address that has an account",
  );
}
