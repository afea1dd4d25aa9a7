import { EMAIL_TOKEN_TTL_MS, emailTokenId, generateEmailToken, isWellFormedEmailToken } from "@tradecraft/auth";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";

export type TokenPurpose = keyof typeof EMAIL_TOKEN_TTL_MS;

/**
 * Issues a single-use token for a mailed link and returns it (only its hash is stored). Any
 * earlier unused token of the same purpose stops working: only the newest link is valid.
 */
export async function issueEmailToken(
  tx: Prisma.TransactionClient,
  { userId, purpose, email, now = new Date() }: { userId: string; purpose: TokenPurpose; email: string; now?: Date },
): Promise<string> {
  await tx.userToken.deleteMany({ where: { userId, purpose, usedAt: null } });
  const token = generateEmailToken();
  await tx.userToken.create({
    data: {
      id: emailTokenId(token),
      userId,
      purpose,
      email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[purpose]),
    },
    select: { id: true },
  });
  return token;
}

const INVALID_LINK = "This link is not valid. Check that you copied all of it, or ask for a new one.";

/** Finds a token without using it up; throws a readable BAD_REQUEST when unknown, used or expired. */
export async function findUsableToken(
  db: Prisma.TransactionClient,
  token: string,
  purposes: TokenPurpose[],
  now = new Date(),
) {
  if (!isWellFormedEmailToken(token)) throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_LINK });
  const row = await db.userToken.findUnique({
    where: { id: emailTokenId(token) },
    select: { id: true, userId: true, purpose: true, email: true, expiresAt: true, usedAt: true },
  });
  if (!row || !purposes.includes(row.purpose)) throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_LINK });
  if (row.usedAt)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "This link has already been used. Ask for a new one if you still need it.",
    });
  if (row.expiresAt <= now)
    throw new TRPCError({ code: "BAD_REQUEST", message: "This link has expired. Ask for a new one." });
  return row;
}

/**
 * Marks a token used, atomically: of two requests racing with the same link, exactly one wins;
 * the other gets "already used".
 */
export async function consumeToken(tx: Prisma.TransactionClient, tokenId: string, now = new Date()): Promise<void> {
  const { count } = await tx.userToken.updateMany({
    where: { id: tokenId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "This link has already been used. Ask for a new one if you still need it.",
    });
}
