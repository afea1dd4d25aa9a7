// `pnpm test:e2e`: builds both apps, then runs Playwright with the system Chromium.
// Without a Chromium the suite cannot run: CI fails; a developer machine is told how to get one.
import { spawnSync } from "node:child_process";
import { findChromium } from "./browser.ts";

if (!findChromium()) {
  const message =
    "No Chromium found for the e2e suite. Install Debian's: apt-get update && apt-get install -y chromium " +
    "(or set CHROMIUM_PATH).";
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`\n!!! e2e SKIPPED: ${message}\n`);
  process.exit(0);
}

const run = (cmd: string, args: string[]) => {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: import.meta.dirname });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run("pnpm", ["--dir", "..", "exec", "turbo", "run", "build", "--filter=@tradecraft/web", "--filter=@tradecraft/admin"]);
run("pnpm", ["exec", "playwright", "test", ...process.argv.slice(2)]);
