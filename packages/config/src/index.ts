export * from "./env.ts";
export * from "./logger.ts";
export * from "./request-context.ts";
export * from "./dependency-errors.ts";
export * from "./metrics.ts";
export * from "./error-context.ts";
