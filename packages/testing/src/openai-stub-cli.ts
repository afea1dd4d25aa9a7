// Runs the OpenAI stub as its own process, for a stack scripted over HTTP (see openai-stub.ts):
//   OPENAI_STUB_PORT=4010 tsx packages/testing/src/openai-stub-cli.ts
// Prints one JSON line, {"openaiStub":{"url":...,"control":...}}, once it listens.
import { startOpenAiStub } from "./openai-stub.ts";

const port = Number(process.env.OPENAI_STUB_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[openai-stub] OPENAI_STUB_PORT must be a port number (got "${process.env.OPENAI_STUB_PORT}")`);
  process.exit(1);
}
const stub = await startOpenAiStub({ port, host: process.env.OPENAI_STUB_HOST ?? "127.0.0.1" });
process.stdout.write(`${JSON.stringify({ openaiStub: { url: stub.url, control: `${stub.origin}/__stub/` } })}\n`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void stub.close().then(() => process.exit(0)));
}
