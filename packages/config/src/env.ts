import { availableParallelism } from "node:os";
import { z } from "zod";

const DEV_SESSION_SECRET = "development-only-session-secret-do-not-use-in-prod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.url({ protocol: new RegExp(`^(${protocols.join("|")})$`) }).optional())
    .optional();

/** Every environment variable the apps read, with its default. Documented in .env.example. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: port(3000),
    ADMIN_PORT: port(3001),
    HOST: z.string().min(1).default("0.0.0.0"),
    APP_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
    ADMIN_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3001"),
    DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
    REDIS_URL: optionalUrl(["redis", "rediss"]),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["json", "pretty", ""]).optional(),
    /** Port of the embedded database that `pnpm dev`/`pnpm start` serve when DATABASE_URL is unset. */
    EMBEDDED_DATABASE_PORT: port(54329),
    APP_VERSION: z.string().trim().max(100).optional(),
    // Capacity: what one process takes on at once. Requests past the limit wait in a short queue;
    // past the queue (or its wait), they get 503 with Retry-After instead of exhausting the pool.
    /** Connections to PostgreSQL per process (the apps share one pool per process). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** How long a query waits for a free connection before failing (answered as 503). */
    DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Requests that reach the app (pages, actions, /api/trpc) handled at once; unset: 4 per CPU core. */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1_000).optional(),
    /** Requests that may wait for a free slot; more are refused at once with 503. */
    REQUEST_QUEUE_LENGTH: z.coerce.number().int().min(0).max(10_000).default(64),
    /** Longest wait in that queue before 503. */
    REQUEST_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    /** Large uploads (broker files, screenshots) read at once per process; more get 503. */
    MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(100).default(4),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(30_000),
    /** After SIGTERM, how long new connections are still served (Connection: close) before the listener closes. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).optional(),
    /** Memory for rendered member pages kept per process (0 turns the page cache off). */
    PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
    /**
     * Prometheus /metrics on a port of its own (the members' app on it, the admin app on it + 1),
     * for the scraper's network only; unset: no metrics port.
     */
    METRICS_PORT: z
      .string()
      .trim()
      .transform((value) => (value === "" ? undefined : Number(value)))
      .pipe(z.number().int().min(1).max(65534).optional())
      .optional(),
    /** Bearer token that opens /metrics on the app's own port; without it that path is a 404 like any unknown page. */
    METRICS_TOKEN: z
      .string()
      .trim()
      .transform((value) => (value === "" ? undefined : value))
      .pipe(z.string().min(16, "must be at least 16 characters").max(500).optional())
      .optional(),
    SENTRY_DSN: optionalUrl(["https", "http"]),
    /** The environment tag of reported errors; defaults to NODE_ENV. */
    SENTRY_ENVIRONMENT: z
      .string()
      .trim()
      .max(64)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    /** Share of requests traced (0–1); defaults to 0.1 in production and 1 elsewhere. */
    SENTRY_TRACES_SAMPLE_RATE: z
      .string()
      .trim()
      .transform((value) => (value === "" ? undefined : Number(value)))
      .pipe(z.number().min(0).max(1).optional())
      .optional(),
    /**
     * Test stacks only: serves /app/e2e-fault, whose loader fails on purpose so the error path to
     * Sentry can be proven end to end. Refused (404) unless set to 1.
     */
    E2E_FAULT_ROUTES: z
      .enum(["1", "0", ""])
      .default("0")
      .transform((value) => value === "1"),
    SMTP_URL: optionalUrl(["smtp", "smtps"]),
    EMAIL_FROM: z.string().trim().min(3).max(200).default("Tradecraft <no-reply@tradecraft.local>"),
    // AI: any OpenAI-compatible server. Without a key, grading is rule-based and the coach says so.
    OPENAI_API_KEY: z
      .string()
      .trim()
      .max(500)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    OPENAI_BASE_URL: optionalUrl(["https", "http"]),
    OPENAI_MODEL: z.string().trim().min(1).max(100).default("gpt-4o"),
    OPENAI_SMALL_MODEL: z.string().trim().min(1).max(100).default("gpt-4o-mini"),
    /** The Studio's image model (Images API: generations and edits). */
    OPENAI_IMAGE_MODEL: z.string().trim().min(1).max(100).default("gpt-image-1"),
    /** How long one Studio image call may take, the SDK's retries included. */
    AI_IMAGE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(60_000),
    /** Grading gives up on the model after this long and answers with the rule-based grader. */
    AI_GRADING_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    AI_COACH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(60_000),
    /** Total tokens one coach answer may use across its tool loop. */
    COACH_TOKEN_BUDGET: z.coerce.number().int().min(500).max(1_000_000).default(16_000),
    COACH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** YAML file of per-tier limits; defaults to config/usage-limits.yaml at the repository root. */
    USAGE_LIMITS_FILE: z.string().trim().min(1).max(500).optional(),
    // Uploaded files (trade screenshots): S3-compatible storage when S3_BUCKET is set, else local disk.
    UPLOADS_DIR: z.string().trim().min(1).max(500).optional(),
    S3_BUCKET: z
      .string()
      .trim()
      .max(63)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    S3_ENDPOINT: optionalUrl(["https", "http"]),
    S3_REGION: z.string().trim().min(1).max(50).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().trim().max(200).optional(),
    S3_SECRET_ACCESS_KEY: z.string().trim().max(500).optional(),
    // Market data: the simulated provider (offline, deterministic) unless a provider's key is set.
    MASSIVE_API_KEY: z
      .string()
      .trim()
      .max(500)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    MASSIVE_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.massive.com"),
    COINGECKO_API_KEY: z
      .string()
      .trim()
      .max(500)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    /** CoinGecko is used for crypto when its key OR this URL is set (https://api.coingecko.com/api/v3 for the public API). */
    COINGECKO_BASE_URL: optionalUrl(["https", "http"]),
    NEWSAPI_KEY: z
      .string()
      .trim()
      .max(500)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    NEWSAPI_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://newsapi.org/v2"),
    /** Per-attempt timeout of a market provider call (retries and the breaker come on top). */
    MARKET_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** How often the ticker's producer polls prices (one producer across instances); 0 turns the ticker off. */
    TICKER_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || (ms >= 1_000 && ms <= 600_000), "must be 0 (off) or 1000–600000")
      .default(5_000),
    /**
     * Where background work runs: "in-process" (the members' app runs the job workers and the
     * ticker's producer) or "off" (web instances skip both; run them with `pnpm worker`).
     */
    JOBS: z.enum(["in-process", "off"]).default("in-process"),
    /** Port of the separate worker's /healthz and /readyz (`pnpm worker`). */
    WORKER_PORT: port(3002),
    /** Live ticker streams one instance serves at once (each member may hold 10). */
    TICKER_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(5_000),
    /**
     * How long one live stream (server-sent events) lasts before the server ends it and the
     * browser reconnects, resuming after the last message it saw: long-lived connections spread
     * again over the instances behind the load balancer.
     */
    TICKER_STREAM_MAX_MS: z.coerce.number().int().min(5_000).max(3_600_000).default(300_000),
    // Text messages: any Twilio-compatible REST API. Offered to members only when all four are set.
    /** The provider's base URL (https://api.twilio.com). */
    SMS_PROVIDER_URL: optionalUrl(["https", "http"]),
    SMS_ACCOUNT_SID: z
      .string()
      .trim()
      .max(100)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    SMS_AUTH_TOKEN: z
      .string()
      .trim()
      .max(500)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    /** The sender: a number in E.164 (+14155550123) or a sender id the provider allows. */
    SMS_FROM: z
      .string()
      .trim()
      .max(32)
      .transform((value) => (value === "" ? undefined : value))
      .optional(),
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
  })
  .transform((env) => ({
    ...env,
    MAX_CONCURRENT_REQUESTS: env.MAX_CONCURRENT_REQUESTS ?? Math.max(4, 4 * availableParallelism()),
    // Production waits a second for connections that raced the signal; development stops at once.
    SHUTDOWN_DRAIN_MS: env.SHUTDOWN_DRAIN_MS ?? (env.NODE_ENV === "production" ? 1_000 : 0),
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    SENTRY_ENVIRONMENT: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
    SENTRY_TRACES_SAMPLE_RATE: env.SENTRY_TRACES_SAMPLE_RATE ?? (env.NODE_ENV === "production" ? 0.1 : 1),
    isProduction: env.NODE_ENV === "production",
    isDevelopment: env.NODE_ENV === "development",
  }));

export type Env = z.infer<typeof EnvSchema>;

/** The name of every variable the schema reads (what must reach each server process). */
export const ENV_KEYS: readonly string[] = Object.keys(EnvSchema.in.shape);

/** The schema's variables that are set in `source`, by name only (values may be secrets). */
export function envKeysSet(source: Record<string, string | undefined> = process.env): string[] {
  return ENV_KEYS.filter((key) => source[key] !== undefined && source[key] !== "");
}

/** Raised when the environment is invalid; its message lists every problem, one per line. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default) or throws an EnvError naming every problem. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  // Production rules are checked on the raw values so they are reported with every other problem.
  const productionProblems = source.NODE_ENV === "production" ? productionRules(source) : [];
  if (result.success && productionProblems.length === 0) return result.data;
  const problems = (result.success ? [] : result.error.issues).map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const value = source[name];
    // Never echo a secret back; the name and the rule are enough to fix it.
    const shown = value === undefined || /SECRET|PASSWORD|TOKEN|KEY|URL/.test(name) ? "" : ` (got "${value}")`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new EnvError([...problems, ...productionProblems]);
}

function productionRules(source: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!source.DATABASE_URL?.trim()) problems.push("DATABASE_URL: is required in production");
  if (!source.SESSION_SECRET) problems.push("SESSION_SECRET: is required in production");
  else if (source.SESSION_SECRET === DEV_SESSION_SECRET) {
    problems.push("SESSION_SECRET: must not be the development default");
  }
  return problems;
}

let cached: Env | undefined;

/** The process's environment, parsed once on first use. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Reads the environment at start-up; on failure prints every problem and exits with status 1. */
export function loadEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
