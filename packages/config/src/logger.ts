import pino, { type Logger } from "pino";

export type { Logger };

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "*.*.password",
  "newPassword",
  "*.newPassword",
  "currentPassword",
  "*.currentPassword",
  "confirmPassword",
  "*.confirmPassword",
  "token",
  "*.token",
  "*.*.token",
  "accessToken",
  "refreshToken",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "req.headers.cookie",
  "req.headers.authorization",
  "req.headers['x-api-key']",
  "res.headers['set-cookie']",
  "headers.cookie",
  "headers.authorization",
  "*.headers.cookie",
  "*.headers.authorization",
];

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
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
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

const SENSITIVE_QUERY = /^(token|code|password|secret|key|signature|sig)$/i;

/** A URL path with its sensitive query values (reset tokens, codes) replaced, fit for logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    if (SENSITIVE_QUERY.test(key)) params.set(key, "[redacted]");
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}
