// Runs the market stub as its own process, for e2e and `pnpm bench` (see market-stub.ts):
//   MARKET_STUB_PORT=4020 tsx packages/testing/src/market-stub-cli.ts
// Prints one JSON line, {"marketStub":{"massive":...,"coingecko":...,"news":...}}, once it listens.
import { startMarketStub } from "./market-stub.ts";

const port = Number(process.env.MARKET_STUB_PORT ?? 4020);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[market-stub] MARKET_STUB_PORT must be a port number (got "${process.env.MARKET_STUB_PORT}")`);
  process.exit(1);
}
const stub = await startMarketStub({ port, host: process.env.MARKET_STUB_HOST ?? "127.0.0.1" });
process.stdout.write(
  `${JSON.stringify({ marketStub: { massive: stub.massiveUrl, coingecko: stub.coingeckoUrl, news: stub.newsUrl, control: `${stub.url}/__stub/` } })}\n`,
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void stub.close().then(() => process.exit(0)));
}
