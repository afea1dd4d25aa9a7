// Assertions that say what an operator would see, and the figures the suite prints at the end.

/** A scenario's expectation that did not hold; the message says what was seen. */
export class FaultAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultAssertionError";
  }
}

/** Throws a FaultAssertionError with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new FaultAssertionError(message);
}

/** One scenario's row of the summary table. */
export interface ScenarioFigures {
  scenario: string;
  requests: number;
  /** Responses by status ("200": 1200, "503": 40, "error": 0 …). */
  byStatus: Record<string, number>;
  /** Acknowledged writes checked in the database afterwards (PostgreSQL scenario). */
  writesChecked?: number;
  /** Seconds from the fault's end (or the signal) to the app serving normally again. */
  recoverySeconds?: number;
  /** Other figures worth a column (time to 503, breaker timings…). */
  notes: string[];
  failure?: string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it returns true; the elapsed ms, or null after `timeoutMs`. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  { timeoutMs, everyMs = 100 }: { timeoutMs: number; everyMs?: number },
): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Math.round(performance.now() - started);
    await sleep(everyMs);
  }
  return null;
}

/** Seconds with one decimal. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Prints the summary table; one row per scenario. */
export function printSummary(rows: ScenarioFigures[], totalMs: number): void {
  const statusCols = [...new Set(rows.flatMap((r) => Object.keys(r.byStatus)))].sort();
  console.warn(`\nTradecraft fault suite · ${seconds(totalMs)} s · node ${process.version}\n`);
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      result: r.failure ? "FAILED" : "passed",
      requests: r.requests,
      ...Object.fromEntries(statusCols.map((s) => [s, r.byStatus[s] ?? 0])),
      "acked writes checked": r.writesChecked ?? "",
      "recovery s": r.recoverySeconds ?? "",
    })),
  );
  for (const r of rows) {
    for (const note of r.notes) console.warn(`  ${r.scenario}: ${note}`);
    if (r.failure) console.warn(`  ${r.scenario}: FAILED: ${r.failure}`);
  }
}
