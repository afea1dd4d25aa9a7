// Prisma CLI settings: the schema lives at the repository root; the JS engine with the pg
// adapter means no native engine binary is ever downloaded (ARCHITECTURE.md).
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const root = path.resolve(import.meta.dirname, "../..");

// `generate` and `migrate diff` never connect, but the CLI resolves env("DATABASE_URL") while
// reading the schema and, failing that, falls back to downloading a native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/unused";

export default defineConfig({
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    // A short idle timeout lets the CLI exit as soon as it is done instead of holding the pool open.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL!, idleTimeoutMillis: 50 });
  },
});
