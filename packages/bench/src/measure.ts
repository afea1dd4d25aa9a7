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
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Drives `url` with `connections` concurrent clients for `seconds`, recording every latency. */
export async function measure(name: string, url: string, { seconds, connections }: { seconds: number; connections: number }): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, duration: seconds, connections, pipelining: 1, headers: { accept: "text/html,application/json" } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
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
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
