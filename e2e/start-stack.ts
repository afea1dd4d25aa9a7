// Playwright's web server: a fresh migrated (and seeded) database, then both built apps in
// production mode. Stops them and drops the database when Playwright sends SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createPrismaClient, seed } from "@tradecraft/db";
import { createTestDatabase } from "@tradecraft/db/testing";
import { startTestMailServer } from "@tradecraft/testing/mail-server";
import { startOpenAiStub } from "@tradecraft/testing/openai-stub";
import {
  ADMIN_PORT,
  ADMIN_URL,
  MAIL_HTTP_PORT,
  OPENAI_STUB_PORT,
  STACK_DATABASE_FILE,
  WEB_PORT,
  WEB_URL,
} from "./ports.ts";

const root = path.resolve(import.meta.dirname, "..");
const db = await createTestDatabase({ prefix: "tc_e2e" });
const prisma = createPrismaClient(db.url, { max: 1 });
await seed(prisma, { nodeEnv: "development" }).finally(() => prisma.$disconnect());
console.warn(`[e2e] ${db.kind} database ready`);
// For fixtures/stack-database.ts: the test workers are not children of this process.
await fs.writeFile(STACK_DATABASE_FILE, db.url, { mode: 0o600 });
// A real SMTP server: the apps send to it; tests read what arrived over its JSON API.
const mail = await startTestMailServer({ httpPort: MAIL_HTTP_PORT });
// The OpenAI stub: the apps call it through the real SDK; tests script it over HTTP (fixtures/openai.ts).
const openai = await startOpenAiStub({ port: OPENAI_STUB_PORT });

const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: db.url,
  SESSION_SECRET: randomBytes(32).toString("hex"),
  APP_URL: WEB_URL,
  ADMIN_URL,
  PORT: String(WEB_PORT),
  ADMIN_PORT: String(ADMIN_PORT),
  HOST: "127.0.0.1",
  // Playwright stands in for the proxy: each test sends its own X-Forwarded-For (fixtures/test.ts).
  TRUST_PROXY: "1",
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  SMTP_URL: mail.url,
  OPENAI_BASE_URL: openai.url,
  OPENAI_API_KEY: "stub-key",
  // Live streams end after 20 s here (5 min in production), so live.spec.ts sees the browser
  // reconnect and resume within a minute; every other page just reconnects quietly.
  TICKER_STREAM_MAX_MS: "20000",
};

const children: ChildProcess[] = [];
function start(app: "web" | "admin") {
  const appDir = path.join(root, "apps", app);
  // What production runs: the compiled server on plain node (run.ts builds both apps first).
  const child = spawn(process.execPath, [path.join(appDir, "dist", "server.js")], {
    cwd: appDir,
    env,
    stdio: "inherit",
  });
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[e2e] ${app} exited early with code ${code}`);
      void stop(1);
    }
  });
  children.push(child);
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await mail.stop();
  await openai.close();
  await fs.rm(STACK_DATABASE_FILE, { force: true });
  await db.drop().catch((error: Error) => console.error(`[e2e] could not drop the database: ${error.message}`));
  process.exit(code);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

start("admin");
await waitFor(`${ADMIN_URL}/readyz`);
start("web");
await waitFor(`${WEB_URL}/readyz`);
console.warn(`[e2e] web ${WEB_URL} and admin ${ADMIN_URL} ready`);
