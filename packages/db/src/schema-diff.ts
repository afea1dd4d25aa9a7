import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./paths.ts";

const run = promisify(execFile);

/**
 * Runs `prisma migrate diff <args> --script` and returns the SQL. `databaseUrl` is any
 * reachable database: the Wasm schema engine connects through the adapter but changes nothing.
 * Asynchronous on purpose: the database may be an embedded one served by this very process.
 */
export async function diffSchemas(args: string[], databaseUrl: string): Promise<string> {
  const cwd = path.join(repoRoot(), "packages", "db");
  const { stdout } = await run(
    path.join(cwd, "node_modules", ".bin", "prisma"),
    ["migrate", "diff", ...args, "--script"],
    {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}
