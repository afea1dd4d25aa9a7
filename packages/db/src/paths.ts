import fs from "node:fs";
import path from "node:path";

/** The monorepo's root: the nearest ancestor holding pnpm-workspace.yaml. */
export function repoRoot(from = import.meta.dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where migrations live: prisma/migrations at the repository root. */
export const migrationsDir = () => path.join(repoRoot(), "prisma", "migrations");
