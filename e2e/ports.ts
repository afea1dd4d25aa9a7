/** Where the e2e stack listens: away from the dev ports so a running `pnpm dev` doesn't clash. */
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
export const ADMIN_PORT = Number(process.env.E2E_ADMIN_PORT ?? 3101);
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
export const ADMIN_URL = `http://127.0.0.1:${ADMIN_PORT}`;
