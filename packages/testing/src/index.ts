export * from "./mail-server.ts";
export * from "./openai-stub.ts";
export * from "./market-stub.ts";
export * from "./sms-stub.ts";
export * from "./sentry-stub.ts";
