import pino, { type Logger } from "pino";

export type { Logger };

const SECRET_FIELDS = [
  "password",
  "newPassword",
  "currentPassword",
  "confirmPassword",
  "token",
  "secret",
  "apiKey",
  "accessToken",
  "refreshToken",
];

/**
 * Paths pino blanks out wherever they appear in a log line: secret fields down to four levels
 * (a procedure's input as tRPC carries it is `{ input: { json: { token } } }`), headers that
 * carry credentials, and `url` fields, which keep their path but lose their secrets (redactUrl).
 */
export const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
  "req.headers.cookie",
  "req.headers.authorization",
  "req.headers['x-api-key']",
  "res.headers['set-cookie']",
  "headers.cookie",
  "headers.authorization",
  "*.headers.cookie",
  "*.headers.authorization",
  "url",
  "*.url",
];

const REDACTED = "[redacted]";

/** What a redacted path is replaced with: a URL keeps what is safe to keep, anything else goes. */
function censor(value: unknown, path: string[]): unknown {
  return path.at(-1) === "url" && typeof value === "string" ? redactUrl(value) : REDACTED;
}

/** A JSON logger that redacts secrets; pretty-printed in development unless LOG_FORMAT=json. */
export function createLogger({
  level = process.env.LOG_LEVEL ?? "info",
  pretty = (process.env.NODE_ENV ?? "development") === "development" && process.env.LOG_FORMAT !== "json",
  destination,
}: { level?: string; pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "tradecraft" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor },
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(options);
}

let root: Logger | undefined;

/** The process's root logger; request loggers are its children. */
export function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}

// Parameters whose value is a secret by their name. `input` is tRPC's: JSON that may hold a token
// or a password anywhere inside, so it is dropped whole rather than picked apart.
const SENSITIVE_PARAM = /token|passw|secret|session|cookie|auth|^(code|key|sig|signature|input)$/i;
// 32+ letters and digits in a row: a mailed token (52), a session token (32), a hash. Ids (cuid,
// 25) and words stay readable.
const TOKEN_LIKE = /[A-Za-z0-9]{32,}/g;

/**
 * A URL path with its secrets replaced, fit for logs: sensitive query parameters (reset tokens,
 * codes, tRPC inputs), links inside parameters (`redirectTo=/reset-password?token=…`) and
 * token-like strings anywhere in the path or a value.
 */
export function redactUrl(url: string): string {
  return redactUrlAt(url, 0);
}

function redactUrlAt(url: string, depth: number): string {
  const q = url.indexOf("?");
  const path = (q === -1 ? url : url.slice(0, q)).replace(TOKEN_LIKE, REDACTED);
  if (q === -1) return path;
  const redacted = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
    if (SENSITIVE_PARAM.test(key)) redacted.append(key, REDACTED);
    else if (value.includes("?") && depth < 3) redacted.append(key, redactUrlAt(value, depth + 1));
    else redacted.append(key, value.replace(TOKEN_LIKE, REDACTED));
  }
  return `${path}?${redacted.toString()}`;
}
