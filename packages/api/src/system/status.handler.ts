import type { PrismaClient } from "@tradecraft/db";
import { APP_VERSION, uptimeSeconds } from "../version.ts";

export interface SystemStatus {
  name: "Tradecraft";
  version: string;
  uptimeSeconds: number;
  serverTime: Date;
  database: "up" | "down";
}

/** What the public landing page shows about the service; the database answering is checked, never fatal. */
export async function getSystemStatus({ prisma }: { prisma: PrismaClient }): Promise<SystemStatus> {
  const database = await prisma.$queryRaw`SELECT 1`.then(
    () => "up" as const,
    () => "down" as const,
  );
  return { name: "Tradecraft", version: APP_VERSION, uptimeSeconds: uptimeSeconds(), serverTime: new Date(), database };
}
