// What our side adds before a coach answer's first token reaches the member: coach.stream through
// the server-side caller (ownership, rate limit, quota, journal summary, history, the SDK's HTTP
// request) against a local OpenAI stub that answers at once. Target: p95 < 50 ms.
//   Alone: `DATABASE_URL=postgresql://… pnpm --filter @tradecraft/bench exec tsx src/coach.ts`.
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
// The stub is dependency-free node:http; imported by path because the bench does not depend on
// the testing package.
import { startOpenAiStub } from "@tradecraft/testing/openai-stub";

export interface CoachFigures {
  scenario: string;
  answers: number;
  p50: number;
  p95: number;
  p99: number;
  target: string;
}

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;
// The coach allows 20 messages a minute per member: a fresh member every 20 answers.
const PER_MEMBER = 20;

/** p50/p95/p99 of the time to the first streamed token, and to the saved answer, over `answers` quick answers. */
export async function coachTimings(databaseUrl: string, answers = 200): Promise<CoachFigures[]> {
  process.env.DATABASE_URL = databaseUrl;
  const { createAi, createCaller, createContext } = await import("@tradecraft/api");
  const { getPrisma } = await import("@tradecraft/db");
  const prisma = getPrisma();
  const stub = await startOpenAiStub();
  stub.respondWith({ chunks: ["Keep ", "your ", "losses ", "small."] });
  const ai = createAi({ apiKey: "bench-key", baseURL: stub.url, maxRetries: 0 });
  try {
    const callers: { api: ReturnType<typeof createCaller>; conversationId: string }[] = [];
    const total = answers + PER_MEMBER; // the first member's answers are the warm-up
    for (let i = 0; i < total / PER_MEMBER; i++) {
      const user = await prisma.user.create({
        data: {
          email: `bench-coach-${randomUUID()}@bench.test`,
          displayName: "Bench",
          tier: "PRO",
          profile: { create: {} },
        },
        select: { id: true, email: true, displayName: true, role: true, tier: true },
      });
      const ctx = await createContext({ headers: new Headers(), app: "web", requestId: `bench-${randomUUID()}` });
      const api = createCaller({ ...ctx, user, ai });
      callers.push({ api, conversationId: (await api.coach.create({})).id });
    }
    const firstToken: number[] = [];
    const complete: number[] = [];
    for (let n = 0; n < total; n++) {
      const { api, conversationId } = callers[Math.floor(n / PER_MEMBER)]!;
      const started = performance.now();
      let first: number | null = null;
      for await (const event of await api.coach.stream({ conversationId, text: `Question ${n}`, mode: "quick" })) {
        if (event.type === "token" && first === null) first = performance.now() - started;
      }
      if (first === null) throw new Error("coach bench: an answer streamed no token");
      if (n >= PER_MEMBER) {
        firstToken.push(first);
        complete.push(performance.now() - started);
      }
    }
    return [
      { scenario: "coach.stream: first token (stub answers at once)", samples: firstToken, target: "p95 < 50 ms" },
      { scenario: "coach.stream: answer saved", samples: complete, target: "(no target)" },
    ].map(({ scenario, samples, target }) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return {
        scenario,
        answers: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        target,
      };
    });
  } finally {
    await stub.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const db = await createTestDatabase({ prefix: "tc_bench_coach" });
  try {
    // eslint-disable-next-line no-console -- the table is the output
    console.table(await coachTimings(db.url));
  } finally {
    const { closePrisma } = await import("@tradecraft/db");
    await closePrisma();
    await db.drop();
  }
}
