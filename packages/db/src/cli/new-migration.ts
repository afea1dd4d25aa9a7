// `pnpm db:migration <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the schema as of the last migration to the current schema.prisma. Each folder
// keeps a snapshot of the schema it produces, so the diff needs no database and no native engine.
import fs from "node:fs";
import path from "node:path";
import { migrationsDir, repoRoot } from "../paths.ts";
import { startEmbeddedDatabase } from "../embedded.ts";
import { readMigrations } from "../migrator.ts";
import { diffSchemas } from "../schema-diff.ts";

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9_]{0,60}$/.test(name)) {
  console.error("usage: pnpm db:migration <name>   (lower-case letters, digits and _, e.g. add_trades)");
  process.exit(1);
}

const dir = migrationsDir();
const schema = path.join(repoRoot(), "prisma", "schema.prisma");
const previous = (await readMigrations(dir)).at(-1);
const from = previous ? ["--from-schema-datamodel", path.join(dir, previous.name, "schema.prisma")] : ["--from-empty"];

// Prisma's Wasm schema engine talks through the config's driver adapter even for a pure
// schema-to-schema diff, so it gets a throwaway in-memory database to hold on to.
const scratch = await startEmbeddedDatabase();
let sql: string;
try {
  sql = await diffSchemas([...from, "--to-schema-datamodel", schema], scratch.url);
} finally {
  await scratch.stop();
}
if (!/^\s*(CREATE|ALTER|DROP|COMMENT|INSERT|UPDATE|DELETE)\b/im.test(sql)) {
  console.warn("schema.prisma has no changes since the last migration; nothing written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target, { recursive: true });
fs.writeFileSync(path.join(target, "migration.sql"), sql);
fs.copyFileSync(schema, path.join(target, "schema.prisma"));
console.warn(`wrote ${path.relative(repoRoot(), target)}/migration.sql`);
