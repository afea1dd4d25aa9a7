// Runs a command with a migrated database: DATABASE_URL when set, otherwise an embedded PGlite
// served on 127.0.0.1 with its data in .data/pglite. `pnpm dev` and `pnpm start` go through here.
//   tsx with-database.ts [--seed] -- <command> [args...]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../client.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../embedded.ts";
import { installJobQueues } from "../jobs.ts";
import { migrate } from "../migrator.ts";
import { repoRoot } from "../paths.ts";
import { seed } from "../seed.ts";

const args = process.argv.slice(2);
const separator = args.indexOf("--");
const flags = separator === -1 ? args : args.slice(0, separator);
const command = separator === -1 ? [] : args.slice(separator + 1);
const log = (line: string) => console.warn(`[database] ${line}`);

let embedded: EmbeddedDatabase | undefined;
let url = process.env.DATABASE_URL;
const childEnv: Record<string, string> = {};
if (!url) {
  const dataDir = path.join(repoRoot(), ".data", "pglite");
  const port = Number(process.env.EMBEDDED_DATABASE_PORT ?? 54329);
  embedded = await startEmbeddedDatabase({ dataDir, port });
  url = embedded.url;
  log(`embedded PGlite on ${url} (data in ${path.relative(repoRoot(), dataDir)})`);
  // A self-contained install (`pnpm start` with no configuration) still needs a real secret:
  // make one once and keep it beside the data, so sessions survive restarts.
  if (!process.env.SESSION_SECRET) childEnv.SESSION_SECRET = localSessionSecret(path.join(repoRoot(), ".data"));
} else {
  log("using DATABASE_URL");
}

try {
  const { applied, alreadyApplied } = await migrate(url, { log });
  log(`migrations: ${applied.length} applied, ${alreadyApplied} already applied`);
  await installJobQueues(url);
  if (flags.includes("--seed") && process.env.NODE_ENV !== "production") {
    const prisma = createPrismaClient(url, { max: 1 });
    const { created } = await seed(prisma).finally(() => prisma.$disconnect());
    log(`seed: ${created.length ? `created ${created.join(", ")}` : "demo accounts present"}`);
  }
} catch (error) {
  console.error(`[database] ${(error as Error).message}`);
  await embedded?.stop();
  process.exit(1);
}

if (command.length === 0) {
  await embedded?.stop();
  process.exit(0);
}

// `AI_STUB=1 pnpm dev`: the apps talk to the local OpenAI stub of packages/testing instead of
// OpenAI (no key, no cost, deterministic answers). Imported by path: a dev tool, not a dependency.
if (process.env.AI_STUB === "1" && !process.env.OPENAI_BASE_URL) {
  if (process.env.NODE_ENV === "production") {
    console.warn("[openai-stub] AI_STUB=1 is ignored in production");
  } else {
    const { startOpenAiStub } = await import("@tradecraft/testing/openai-stub");
    const port = Number(process.env.OPENAI_STUB_PORT ?? 4010);
    const stub = await startOpenAiStub({ port }).catch(async (error: Error) => {
      console.error(`[openai-stub] could not listen on port ${port} (OPENAI_STUB_PORT): ${error.message}`);
      await embedded?.stop();
      process.exit(1);
    });
    Object.assign(childEnv, { OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: "stub-key" });
    console.warn(`[openai-stub] OPENAI_BASE_URL=${stub.url} (script it at ${stub.origin}/__stub/)`);
  }
}

const [bin, ...rest] = command as [string, ...string[]];
const child = spawn(bin, rest, { stdio: "inherit", env: { ...process.env, ...childEnv, DATABASE_URL: url } });
// The child gets terminal signals itself (same process group); forward the ones that come only to us.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", async (code, signal) => {
  await embedded?.stop();
  process.exit(code ?? (signal ? 128 + 2 : 1));
});

function localSessionSecret(dir: string): string {
  const file = path.join(dir, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
    log("created a session secret in .data/session-secret");
  }
  return fs.readFileSync(file, "utf8").trim();
}
