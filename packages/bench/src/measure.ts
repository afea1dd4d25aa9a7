import autocannon from "autocannon";

export interface Figures {
  name: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** How many responses had each status, to explain failures. */
  statuses: Record<number, number>;
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface MeasureOptions {
  seconds: number;
  connections: number;
  /** A POST body (form-encoded) and headers, for scenarios like signing in. */
  request?: { method: "POST"; body: string; headers: Record<string, string> };
  /** Extra headers for every request (a session cookie). */
  headers?: Record<string, string>;
  /** Counts 3xx as success (a sign-in answers with a redirect). */
  redirectsAreSuccess?: boolean;
}

/** Drives `url` with `connections` concurrent clients for `seconds`, recording every latency. */
export async function measure(name: string, url: string, options: MeasureOptions): Promise<Figures> {
  const { seconds, connections } = options;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        duration: seconds,
        connections,
        pipelining: 1,
        headers: { accept: "text/html,application/json", ...options.headers, ...options.request?.headers },
        ...(options.request
          ? {
              // The per-request form: setupRequest runs for every request (a top-level one is built once),
              // so each sign-in comes from its own client address (the server trusts one proxy).
              requests: [
                {
                  method: options.request.method,
                  body: options.request.body,
                  setupRequest: (req: autocannon.Request) => ({
                    ...req,
                    headers: { ...req.headers, "x-forwarded-for": `10.${rand()}.${rand()}.${rand()}` },
                  }),
                },
              ],
            }
          : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, status: number, _bytes, responseTime: number) => {
      latencies.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / seconds),
    p50: round(quantile(latencies, 0.5)),
    p95: round(quantile(latencies, 0.95)),
    p99: round(quantile(latencies, 0.99)),
    non2xx: options.redirectsAreSuccess ? result["4xx"] + result["5xx"] : result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

const rand = () => Math.floor(Math.random() * 256);

/** Waits up to 30 s for a server to answer `url` with a 2xx. */
export async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never came up`);
}
