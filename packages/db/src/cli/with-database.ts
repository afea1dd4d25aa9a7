// Runs a command with a migrated database (see ../prepare.ts). `pnpm dev` goes through here;
// production starts through packages/server/src/launch.ts instead.
//   tsx with-database.ts [--seed] -- <command> [args...]
import { spawn } from "node:child_process";
import { prepareDatabase } from "../prepare.ts";

const args = process.argv.slice(2);
const separator = args.indexOf("--");
const flags = separator === -1 ? args : args.slice(0, separator);
const command = separator === -1 ? [] : args.slice(separator + 1);
const log = (line: string) => console.warn(`[database] ${line}`);

const database = await prepareDatabase({ seed: flags.includes("--seed"), log }).catch((error: Error) => {
  console.error(`[database] ${error.message}`);
  process.exit(1);
});
const childEnv: Record<string, string> = { ...database.env };

if (command.length === 0) {
  await database.stop();
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
      await database.stop();
      process.exit(1);
    });
    Object.assign(childEnv, { OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: "stub-key" });
    console.warn(`[openai-stub] OPENAI_BASE_URL=${stub.url} (script it at ${stub.origin}/__stub/)`);
  }
}

const [bin, ...rest] = command as [string, ...string[]];
const child = spawn(bin, rest, { stdio: "inherit", env: { ...process.env, ...childEnv, DATABASE_URL: database.url } });
// The child gets terminal signals itself (same process group); forward the ones that come only to us.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", async (code, signal) => {
  await database.stop();
  process.exit(code ?? (signal ? 128 + 2 : 1));
});
