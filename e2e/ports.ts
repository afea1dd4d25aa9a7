import os from "node:os";
import path from "node:path";

/** Where the e2e stack listens: away from the dev ports so a running `pnpm dev` doesn't clash. */
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
export const ADMIN_PORT = Number(process.env.E2E_ADMIN_PORT ?? 3101);
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
export const ADMIN_URL = `http://127.0.0.1:${ADMIN_PORT}`;
/** The test mail server's JSON API (the stack's SMTP server runs in start-stack.ts). */
export const MAIL_HTTP_PORT = Number(process.env.E2E_MAIL_PORT ?? 3125);
export const MAIL_HTTP_URL = `http://127.0.0.1:${MAIL_HTTP_PORT}`;
/** The OpenAI stub the apps call (base URL ending in /v1); its control API is under /__stub/ on the same port. */
export const OPENAI_STUB_PORT = Number(process.env.E2E_OPENAI_PORT ?? 3126);
export const OPENAI_STUB_URL = `http://127.0.0.1:${OPENAI_STUB_PORT}/v1`;
/**
 * Where start-stack.ts writes the stack's DATABASE_URL (a fresh database each run), so fixtures
 * can arrange what no page can (a failed background job) and check what no page shows. Named by
 * the web port: a second stack would need other ports, and so gets its own file.
 */
export const STACK_DATABASE_FILE = path.join(os.tmpdir(), `tradecraft-e2e-${WEB_PORT}.database-url`);
