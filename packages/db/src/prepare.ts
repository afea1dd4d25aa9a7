// A migrated database for the apps: DATABASE_URL when set, otherwise an embedded PGlite served on
// 127.0.0.1 with its data in .data/pglite. Shared by `pnpm dev` (cli/with-database.ts) and the
// production launcher (packages/server/src/launch.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "./client.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded.ts";
import { installJobQueues } from "./jobs.ts";
import { migrate } from "./migrator.ts";
import { repoRoot } from "./paths.ts";
import { seed as seedDemoAccounts } from "./seed.ts";

export interface PreparedDatabase {
  url: string;
  /** Variables the apps need beside DATABASE_URL (a local session secret for the embedded install). */
  env: Record<string, string>;
  /** Stops the embedded database, if one was started; a no-op otherwise. */
  stop: () => Promise<void>;
}

/** Starts (if needed), migrates and optionally seeds the database; throws with the cause on failure. */
export async function prepareDatabase({
  seed = false,
  log,
}: {
  seed?: boolean;
  log: (line: string) => void;
}): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  const env: Record<string, string> = {};
  if (!url) {
    const dataDir = path.join(repoRoot(), ".data", "pglite");
    const port = Number(process.env.EMBEDDED_DATABASE_PORT ?? 54329);
    embedded = await startEmbeddedDatabase({ dataDir, port });
    url = embedded.url;
    log(`embedded PGlite on ${url} (data in ${path.relative(repoRoot(), dataDir)})`);
    // A self-contained install (`pnpm start` with no configuration) still needs a real secret:
    // make one once and keep it beside the data, so sessions survive restarts.
    if (!process.env.SESSION_SECRET) env.SESSION_SECRET = localSessionSecret(path.join(repoRoot(), ".data"), log);
  } else {
    log("using DATABASE_URL");
  }
  const stop = async () => {
    await embedded?.stop();
  };
  try {
    const { applied, alreadyApplied } = await migrate(url, { log });
    log(`migrations: ${applied.length} applied, ${alreadyApplied} already applied`);
    await installJobQueues(url);
    if (seed && process.env.NODE_ENV !== "production") {
      const prisma = createPrismaClient(url, { max: 1 });
      const { created } = await seedDemoAccounts(prisma).finally(() => prisma.$disconnect());
      log(`seed: ${created.length ? `created ${created.join(", ")}` : "demo accounts present"}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, env, stop };
}

function localSessionSecret(dir: string, log: (line: string) => void): string {
  const file = path.join(dir, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
    log("created a session secret in .data/session-secret");
  }
  return fs.readFileSync(file, "utf8").trim();
}
