// `pnpm test:faults`: the fault suite (issue 16). Against its own PostgreSQL and Redis, two
// instances of the built members' app and a bounded load, it checks the ticker fans out across
// both instances, then stops the database, stops Redis, takes the market provider down and sends
// SIGTERM, checking what members and operators see.
// Prints the figures, exits 1 if any expectation failed. Needs `pnpm build` first.
import type { ScenarioFigures } from "./check.ts";
import { printSummary } from "./check.ts";
import { fanout } from "./fanout.ts";
import { postgresDown } from "./postgres-down.ts";
import { providerDown } from "./provider-down.ts";
import { redisDown } from "./redis-down.ts";
import { sigterm } from "./sigterm.ts";
import { type Stack, startStack, stopStack } from "./stack.ts";

const log = (line: string) => console.warn(`[faults] ${line}`);

const SCENARIOS: [string, (stack: Stack, figures: ScenarioFigures) => Promise<void>][] = [
  // First, while everything is healthy.
  ["fan-out across instances", fanout],
  ["PostgreSQL stopped", postgresDown],
  ["Redis stopped", redisDown],
  ["provider down", providerDown],
  // Last: it stops instance B for good.
  ["SIGTERM under load", sigterm],
];

const started = performance.now();
const rows: ScenarioFigures[] = [];
let setupFailed = false;
const only = process.env.FAULTS_ONLY?.split(",").map((s) => s.trim().toLowerCase());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping what the suite started`);
    void stopStack().finally(() => process.exit(1));
  });
}
try {
  const stack = await startStack(log);
  log(`ready in ${Math.round(performance.now() - started)} ms`);
  for (const [name, scenario] of SCENARIOS) {
    if (only && !only.some((o) => name.toLowerCase().includes(o))) continue;
    const figures: ScenarioFigures = { scenario: name, requests: 0, byStatus: {}, notes: [] };
    const t = performance.now();
    log(`${name}…`);
    try {
      await scenario(stack, figures);
    } catch (error) {
      figures.failure = (error as Error).message;
    }
    // Whatever the fault, a dependency being down is never a bug of ours: no 500s anywhere.
    const errors500 = figures.byStatus["500"] ?? 0;
    if (errors500 > 0 && !figures.failure) figures.failure = `${errors500} responses were 500`;
    figures.notes.push(`took ${Math.round((performance.now() - t) / 100) / 10} s`);
    log(`${name}: ${figures.failure ? `FAILED: ${figures.failure}` : "passed"}`);
    rows.push(figures);
  }
} catch (error) {
  setupFailed = true;
  console.error(`[faults] could not start the stack: ${(error as Error).stack ?? String(error)}`);
} finally {
  await stopStack();
}
printSummary(rows, performance.now() - started);
process.exit(setupFailed || rows.some((r) => r.failure) ? 1 : 0);
