// `pnpm db:seed`: creates the demo accounts in development (idempotent).
import { createPrismaClient } from "../client.ts";
import { seed } from "../seed.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (pnpm dev seeds the embedded database by itself)");
  process.exit(1);
}
const prisma = createPrismaClient(url, { max: 1 });
try {
  const { created, unchanged } = await seed(prisma);
  console.warn(`seed: created ${created.join(", ") || "nothing"}; unchanged ${unchanged.length}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
