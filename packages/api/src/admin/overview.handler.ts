import type { PrismaClient } from "@tradecraft/db";

export interface AdminOverview {
  members: number;
  admins: number;
  proMembers: number;
  newThisWeek: number;
  /** Pro requests waiting for an admin's decision. */
  pendingProRequests: number;
}

/** Head-counts for the admin home. */
export async function getAdminOverview({ prisma }: { prisma: PrismaClient }, now = new Date()): Promise<AdminOverview> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const [members, admins, proMembers, newThisWeek, pendingProRequests] = await Promise.all([
    prisma.user.count({ where: { role: "MEMBER" } }),
    prisma.user.count({ where: { role: "ADMIN" } }),
    prisma.user.count({ where: { tier: "PRO" } }),
    prisma.user.count({ where: { createdAt: { gte: weekAgo } } }),
    prisma.proRequest.count({ where: { status: "REQUESTED" } }),
  ]);
  return { members, admins, proMembers, newThisWeek, pendingProRequests };
}
