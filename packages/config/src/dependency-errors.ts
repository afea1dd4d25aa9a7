// Errors that mean a dependency is down or saturated (not a bug of ours): requests that meet one
// answer 503 with Retry-After instead of 500, and /readyz names the dependency.

export type Dependency = "database" | "redis";

// Node's socket errors, PostgreSQL's "server is going away / too many connections" classes, Prisma's
// connection codes.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
const POSTGRES_UNAVAILABLE = /^(08|53|57P0[1-3])/;
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const DATABASE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  // pg's pooled client after its connection broke (the server stopped mid-transaction).
  /Client has encountered a connection error and is not queryable/i,
  /connect ECONNREFUSED .*:(5432|54329)\b/i,
  /Can't reach database server/i,
  /too many clients already/i,
  /the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /DriverAdapterError: (Connection|Database)NotReachable/i,
  /DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/,
];
const REDIS_MESSAGES = [
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Stream isn't writeable/i,
  /connect ECONNREFUSED .*:6379\b/i,
];

/** Which dependency an error says is unavailable, walking its causes; null for any other error. */
export function unavailableDependencyOf(error: unknown): Dependency | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      name?: unknown;
      cause?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    // The pg adapter's errors keep PostgreSQL's SQLSTATE as originalCode.
    const code = typeof e.code === "string" ? e.code : typeof e.originalCode === "string" ? e.originalCode : "";
    const message = typeof e.message === "string" ? e.message : "";
    const kind = typeof e.kind === "string" ? e.kind : "";
    if (REDIS_MESSAGES.some((pattern) => pattern.test(message)) || e.name === "MaxRetriesPerRequestError")
      return "redis";
    if (PRISMA_UNAVAILABLE.has(code) || POSTGRES_UNAVAILABLE.test(code) || CONNECTION_CODES.has(code))
      return "database";
    if (DATABASE_MESSAGES.some((pattern) => pattern.test(message) || pattern.test(kind))) return "database";
    if (Array.isArray((e as { errors?: unknown }).errors)) {
      for (const inner of (e as { errors: unknown[] }).errors) {
        const found = unavailableDependencyOf(inner);
        if (found) return found;
      }
    }
    // Prisma's errors from a raw query (P2010) carry the driver's error in meta, not as a cause.
    current = e.cause ?? e.meta?.driverAdapterError;
  }
  return null;
}
